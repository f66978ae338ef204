import { InputError } from '../errors.js';
import type { BootstrapOptions } from './bootstrap.js';
import { meanWithBands, type Estimate } from './mean-bands.js';
import { planKs, type KSelection } from './passk.js';
import { validateOutcomes, type ProblemOutcome } from './outcome.js';
import { logChoose, logFactorialTable } from './special.js';

/**
 * G-Pass@k_τ (Liu et al. 2024, arXiv 2412.13147): the probability that at least ⌈τ·k⌉ of k samples
 * are correct. Unbiased from n ≥ k samples with c correct, as the hypergeometric tail
 *   G-Pass@k_τ = Σ_{j = ⌈τk⌉}^{min(c, k)} C(c, j) · C(n − c, k − j) / C(n, k),
 * averaged over problems. τ → 0⁺ gives pass@k, τ = 1 gives pass^k. mG-Pass@k is the paper's mean
 * over the strict-majority thresholds, (2/k) Σ_{i = ⌈k/2⌉+1}^{k} G-Pass@k_{i/k} (defined for k ≥ 2).
 */
export const DEFAULT_G_PASS_TAUS: readonly number[] = [0.25, 0.5, 0.75, 1];

/** ⌈τ·k⌉ (at least 1 for τ > 0), with a slack so that 0.75·4 is 3 and not 4 after rounding error. */
export const gPassThreshold = (tau: number, k: number): number => (tau > 0 ? Math.max(1, Math.ceil(tau * k - 1e-9)) : 0);

/**
 * Upper tails P(X ≥ j), j = 0..k+1, of X ~ Hypergeometric(n, c, k), from log-factorials so n in the
 * thousands does not overflow.
 */
export function hypergeometricTail(n: number, c: number, k: number, lf: Float64Array = logFactorialTable(n)): Float64Array {
  const tail = new Float64Array(k + 2);
  const total = logChoose(lf, n, k);
  for (let j = Math.min(c, k); j >= 0; j--) {
    const lp = logChoose(lf, c, j) + logChoose(lf, n - c, k - j) - total;
    tail[j] = tail[j + 1]! + (Number.isFinite(lp) ? Math.exp(lp) : 0);
  }
  return tail;
}

export function gPassAtKProblem(n: number, c: number, k: number, tau: number): number {
  if (!Number.isInteger(k) || k < 1 || k > n) throw new InputError(`k must be an integer in [1, n=${n}] (got ${k})`, { field: 'k' });
  if (!(tau >= 0 && tau <= 1)) throw new InputError(`τ must be in [0, 1] (got ${tau})`, { field: 'tau' });
  return Math.min(1, hypergeometricTail(n, c, k)[gPassThreshold(tau, k)]!);
}

function mgPassFromTail(tail: Float64Array, k: number): number {
  let s = 0;
  for (let i = Math.ceil(k / 2) + 1; i <= k; i++) s += tail[i]!;
  return (2 / k) * s;
}

export interface GPassCurve {
  tau: number;
  points: Array<Estimate & { k: number }>;
}

export interface GPassResult {
  k: number[];
  curves: GPassCurve[];
  /** mG-Pass@k at each k ≥ 2. */
  mG: Array<Estimate & { k: number }>;
  note: string | null;
}

/** G-Pass@k_τ for every τ and k, and mG-Pass@k, with problem-level bootstrap intervals. */
export function gPassAtK(
  outcomes: readonly ProblemOutcome[],
  k: KSelection = 'pow2',
  taus: readonly number[] = DEFAULT_G_PASS_TAUS,
  options: BootstrapOptions = {},
): GPassResult {
  validateOutcomes(outcomes);
  for (const t of taus) if (!(t > 0 && t <= 1)) throw new InputError(`τ must be in (0, 1] (got ${t})`, { field: 'g-pass' });
  const plan = planKs(outcomes, k);
  const ks = plan.k;
  const mgKs = ks.filter((x) => x >= 2);
  const cols = taus.length * ks.length + mgKs.length;
  const m = outcomes.length;
  const matrix = new Float64Array(m * cols);
  const lf = logFactorialTable(plan.nMax);
  outcomes.forEach((o, i) => {
    ks.forEach((kk, j) => {
      const tail = hypergeometricTail(o.n, o.c, kk, lf);
      taus.forEach((t, ti) => (matrix[i * cols + ti * ks.length + j] = Math.min(1, tail[gPassThreshold(t, kk)]!)));
      const mj = mgKs.indexOf(kk);
      if (mj >= 0) matrix[i * cols + taus.length * ks.length + mj] = Math.min(1, mgPassFromTail(tail, kk));
    });
  });
  const est = meanWithBands(matrix, m, cols, options);
  return {
    k: ks,
    curves: taus.map((tau, ti) => ({ tau, points: ks.map((kk, j) => ({ k: kk, ...est[ti * ks.length + j]! })) })),
    mG: mgKs.map((kk, j) => ({ k: kk, ...est[taus.length * ks.length + j]! })),
    note: plan.note,
  };
}
