import { InputError } from '../errors.js';
import { validateOutcomes, type ProblemOutcome } from './outcome.js';
import { logBeta } from './special.js';

/**
 * A per-benchmark prior on success rates, p ~ Beta(α, β), fitted to the counts by maximum marginal
 * likelihood (the beta-binomial): L(α, β) = Σᵢ [ln B(α + cᵢ, β + nᵢ − cᵢ) − ln B(α, β)] (+ a
 * constant). Near p = 0 the density behaves as p^(α−1): a small α is the heavy left tail of
 * per-problem rates that Schaeffer et al. (ICML 2025) found makes pass@k keep growing as a power
 * law of k, 1 − pass@k ∝ k^(−α) for large k.
 */
export interface BetaBinomialFit {
  alpha: number;
  beta: number;
  logLik: number;
  /** Covariance of (ln α, ln β) from the curvature at the optimum (Laplace approximation). */
  cov: [number, number, number];
  iterations: number;
}

/** The counts grouped by distinct (n, c), so the likelihood costs O(distinct pairs), not O(problems). */
interface CountGroup {
  n: number;
  c: number;
  w: number;
}

function groupCounts(outcomes: readonly ProblemOutcome[]): CountGroup[] {
  const byKey = new Map<string, CountGroup>();
  for (const o of outcomes) {
    const key = `${o.n}/${o.c}`;
    const g = byKey.get(key);
    if (g) g.w++;
    else byKey.set(key, { n: o.n, c: o.c, w: 1 });
  }
  return [...byKey.values()];
}

function logLikelihood(groups: readonly CountGroup[], la: number, lb: number): number {
  const a = Math.exp(la);
  const b = Math.exp(lb);
  const prior = logBeta(a, b);
  let s = 0;
  for (const g of groups) s += g.w * (logBeta(a + g.c, b + g.n - g.c) - prior);
  return s;
}

// (ln α, ln β) stay in a box: α, β in [1e-4, 1e4]. All-correct or all-wrong benchmarks push the
// optimum to the edge, where the prior is as extreme as the data allow; the box keeps it finite.
const LOG_MIN = Math.log(1e-4);
const LOG_MAX = Math.log(1e4);
const clampLog = (x: number): number => Math.min(LOG_MAX, Math.max(LOG_MIN, x));

/** Nelder–Mead on (ln α, ln β) from a method-of-moments start. */
export function fitBetaBinomial(outcomes: readonly ProblemOutcome[]): BetaBinomialFit {
  validateOutcomes(outcomes);
  const groups = groupCounts(outcomes);
  const f = (x: readonly number[]): number => -logLikelihood(groups, clampLog(x[0]!), clampLog(x[1]!));
  // Method of moments on the observed rates for the starting point.
  const rates = outcomes.map((o) => o.c / o.n);
  const mean = Math.min(0.99, Math.max(0.01, rates.reduce((a, b) => a + b, 0) / rates.length));
  const variance = rates.reduce((a, r) => a + (r - mean) ** 2, 0) / rates.length;
  const s = variance > 1e-6 ? Math.max(0.05, Math.min(1e3, (mean * (1 - mean)) / variance - 1)) : 10;
  let simplex: number[][] = [[Math.log(mean * s), Math.log((1 - mean) * s)]];
  simplex.push([simplex[0]![0]! + 0.5, simplex[0]![1]!], [simplex[0]![0]!, simplex[0]![1]! + 0.5]);
  simplex = simplex.map((p) => p.map(clampLog));
  let values = simplex.map(f);
  let it = 0;
  for (; it < 400; it++) {
    const order = [0, 1, 2].sort((i, j) => values[i]! - values[j]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    if (
      Math.abs(values[2]! - values[0]!) < 1e-10 * (1 + Math.abs(values[0]!)) &&
      Math.hypot(simplex[2]![0]! - simplex[0]![0]!, simplex[2]![1]! - simplex[0]![1]!) < 1e-7
    )
      break;
    const centroid = [(simplex[0]![0]! + simplex[1]![0]!) / 2, (simplex[0]![1]! + simplex[1]![1]!) / 2];
    const at = (t: number): number[] => [
      clampLog(centroid[0]! + t * (simplex[2]![0]! - centroid[0]!)),
      clampLog(centroid[1]! + t * (simplex[2]![1]! - centroid[1]!)),
    ];
    const xr = at(-1);
    const fr = f(xr);
    if (fr < values[0]!) {
      const xe = at(-2);
      const fe = f(xe);
      if (fe < fr) [simplex[2], values[2]] = [xe, fe];
      else [simplex[2], values[2]] = [xr, fr];
    } else if (fr < values[1]!) [simplex[2], values[2]] = [xr, fr];
    else {
      const xc = fr < values[2]! ? at(-0.5) : at(0.5);
      const fc = f(xc);
      if (fc < Math.min(fr, values[2]!)) [simplex[2], values[2]] = [xc, fc];
      else {
        // Shrink towards the best point.
        for (const i of [1, 2]) {
          simplex[i] = [clampLog((simplex[i]![0]! + simplex[0]![0]!) / 2), clampLog((simplex[i]![1]! + simplex[0]![1]!) / 2)];
          values[i] = f(simplex[i]!);
        }
      }
    }
  }
  const best = simplex[values.indexOf(Math.min(...values))]!;
  const [la, lb] = [best[0]!, best[1]!];
  return { alpha: Math.exp(la), beta: Math.exp(lb), logLik: -f(best), cov: laplaceCovariance(f, la, lb), iterations: it };
}

/**
 * Inverse of the finite-difference Hessian of the negative log-likelihood at (ln α, ln β): the
 * Laplace approximation of the hyperparameters' uncertainty. A flat or indefinite curvature (a
 * fit at the edge of the box) falls back to a wide diagonal, which only widens the bands.
 */
function laplaceCovariance(f: (x: readonly number[]) => number, la: number, lb: number): [number, number, number] {
  const h = 1e-3;
  const f0 = f([la, lb]);
  const faa = (f([la + h, lb]) - 2 * f0 + f([la - h, lb])) / (h * h);
  const fbb = (f([la, lb + h]) - 2 * f0 + f([la, lb - h])) / (h * h);
  const fab = (f([la + h, lb + h]) - f([la + h, lb - h]) - f([la - h, lb + h]) + f([la - h, lb - h])) / (4 * h * h);
  const det = faa * fbb - fab * fab;
  if (!(faa > 0 && fbb > 0 && det > 0)) return [1, 0, 1];
  return [fbb / det, -fab / det, faa / det];
}

/** Population pass@k under the prior: 1 − E[(1 − p)^k] = 1 − B(α, β + k) / B(α, β). */
export function priorPassAtK(alpha: number, beta: number, k: number): number {
  if (!(k >= 1)) throw new InputError(`k must be ≥ 1 (got ${k})`, { field: 'k' });
  return 1 - Math.exp(logBeta(alpha, beta + k) - logBeta(alpha, beta));
}

/**
 * One problem's pass@k given its counts and the prior: the posterior is Beta(α + c, β + n − c), so
 * E[1 − (1 − p)^k | n, c] = 1 − B(α + c, β + n − c + k) / B(α + c, β + n − c), for any k (also k > n).
 */
export function posteriorPassAtK(alpha: number, beta: number, n: number, c: number, k: number): number {
  const a = alpha + c;
  const b = beta + n - c;
  return 1 - Math.exp(logBeta(a, b + k) - logBeta(a, b));
}
