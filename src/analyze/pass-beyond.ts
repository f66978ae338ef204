import { InputError } from '../errors.js';
import { drawCounts, resolveBootstrap, type BootstrapOptions } from './bootstrap.js';
import { fitBetaBinomial, posteriorPassAtK, type BetaBinomialFit } from './beta-binomial.js';
import type { Estimate } from './mean-bands.js';
import { validateOutcomes, sampleCounts, type ProblemOutcome } from './outcome.js';
import { passAtK, powersOfTwoUpTo } from './passk.js';
import { quantileSorted } from './quantile.js';
import { createRng } from './rng.js';
import { drawLogBeta, drawNormal } from './special.js';

/**
 * pass@k beyond the samples drawn. A beta-binomial prior is fitted to the benchmark's counts
 * (`fitBetaBinomial`); each problem's pass@k at any k is its posterior expectation
 * 1 − B(α + c, β + n − c + k) / B(α + c, β + n − c), averaged over problems. Problems already solved
 * go to 1 quickly; the curve's growth past n is carried by the unsolved problems, i.e. by the
 * fitted left tail of the rates — which is why the band matters more than the line.
 *
 * The credible band combines the three uncertainties: which problems the benchmark drew (problems
 * resampled with replacement), the prior's hyperparameters ((ln α, ln β) drawn from the Laplace
 * approximation), and each problem's rate (drawn from its Beta posterior). Percentile band of the
 * benchmark mean over `draws` draws.
 */
export interface PassKBeyond {
  method: 'beta-binomial';
  alpha: number;
  beta: number;
  nMin: number;
  nMax: number;
  points: Array<Estimate & { k: number }>;
  /** The unbiased estimator at the k ≤ smallest n, for comparison with the model's line. */
  unbiased: Array<{ k: number; value: number }>;
  draws: number;
  ci: number;
}

export interface BeyondOptions extends BootstrapOptions {
  /** The k to evaluate (default: powers of two up to 4 × the largest n, plus n and 4n). */
  k?: readonly number[];
  /** Band draws (default 500; `resamples` is not used, to keep the cost per benchmark small). */
  draws?: number;
}

export function defaultBeyondKs(nMax: number, factor = 4): number[] {
  return [...new Set([...powersOfTwoUpTo(factor * nMax), nMax, factor * nMax])].sort((a, b) => a - b);
}

export function passAtKBeyond(outcomes: readonly ProblemOutcome[], options: BeyondOptions = {}, fit: BetaBinomialFit = fitBetaBinomial(outcomes)): PassKBeyond {
  validateOutcomes(outcomes);
  const { ci, seed } = resolveBootstrap(options);
  const draws = options.draws ?? 500;
  if (!Number.isInteger(draws) || draws < 1) throw new InputError(`draws must be a positive integer (got ${draws})`, { field: 'draws' });
  const { nMin, nMax } = sampleCounts(outcomes);
  const ks = options.k ? [...new Set(options.k)].sort((a, b) => a - b) : defaultBeyondKs(nMax);
  for (const k of ks) if (!Number.isInteger(k) || k < 1) throw new InputError(`k must be a positive integer (got ${k})`, { field: 'beyond' });
  const m = outcomes.length;
  const K = ks.length;

  const point = ks.map((k) => outcomes.reduce((s, o) => s + posteriorPassAtK(fit.alpha, fit.beta, o.n, o.c, k), 0) / m);

  const rng = createRng(seed);
  const table = new Float64Array(draws * K);
  const mult = new Int32Array(m);
  const [vaa, vab, vbb] = fit.cov;
  // Cholesky factor of the 2×2 covariance of (ln α, ln β).
  const l11 = Math.sqrt(vaa);
  const l21 = vab / l11;
  const l22 = Math.sqrt(Math.max(0, vbb - l21 * l21));
  const la = Math.log(fit.alpha);
  const lb = Math.log(fit.beta);
  for (let d = 0; d < draws; d++) {
    const z1 = drawNormal(rng);
    const z2 = drawNormal(rng);
    const a = Math.exp(Math.min(Math.log(1e4), la + l11 * z1));
    const b = Math.exp(Math.min(Math.log(1e4), lb + l21 * z1 + l22 * z2));
    drawCounts(rng, m, mult);
    const row = d * K;
    for (let i = 0; i < m; i++) {
      const w = mult[i]!;
      if (w === 0) continue;
      const o = outcomes[i]!;
      const { log1mP } = drawLogBeta(rng, a + o.c, b + o.n - o.c);
      for (let j = 0; j < K; j++) table[row + j] += w * -Math.expm1(ks[j]! * log1mP);
    }
    for (let j = 0; j < K; j++) table[row + j] /= m;
  }
  const column = new Float64Array(draws);
  const points = ks.map((k, j) => {
    for (let d = 0; d < draws; d++) column[d] = table[d * K + j]!;
    column.sort();
    return {
      k,
      value: point[j]!,
      lo: Math.min(point[j]!, quantileSorted(column, (1 - ci) / 2)),
      hi: Math.max(point[j]!, quantileSorted(column, (1 + ci) / 2)),
    };
  });
  const unbiased = ks.filter((k) => k <= nMin).map((k) => ({ k, value: outcomes.reduce((s, o) => s + passAtK(o.n, o.c, k), 0) / m }));
  return { method: 'beta-binomial', alpha: fit.alpha, beta: fit.beta, nMin, nMax, points, unbiased, draws, ci };
}

/**
 * The held-out check: fit on each problem's first ⌊n/4⌋ samples only, predict pass@n, and compare
 * with the unbiased pass@n of all n samples. Needs per-sample scores (the first samples must be
 * the first drawn, not a count).
 */
export interface HeldOutCheck {
  fitN: number;
  k: number;
  predicted: Estimate;
  observed: number;
  inside: boolean;
}

export function heldOutCheck(outcomes: readonly ProblemOutcome[], options: BeyondOptions & { fraction?: number } = {}): HeldOutCheck {
  validateOutcomes(outcomes);
  const { nMin } = sampleCounts(outcomes);
  const fitN = Math.floor(nMin * (options.fraction ?? 0.25));
  if (fitN < 1)
    throw new InputError(`the held-out check needs at least ${Math.ceil(1 / (options.fraction ?? 0.25))} samples per problem (smallest n is ${nMin})`, {
      field: 'n',
    });
  const early = outcomes.map((o) => {
    if (o.scores === undefined)
      throw new InputError(`the held-out check needs per-sample scores, which problem ${JSON.stringify(o.problemId)} lacks`, { field: 'scores' });
    let c = 0;
    for (let i = 0; i < fitN; i++) c += o.scores[i]!;
    return { problemId: o.problemId, n: fitN, c };
  });
  const r = passAtKBeyond(early, { ...options, k: [nMin] });
  const observed = outcomes.reduce((s, o) => s + passAtK(o.n, o.c, nMin), 0) / outcomes.length;
  const p = r.points[0]!;
  return { fitN, k: nMin, predicted: { value: p.value, lo: p.lo, hi: p.hi }, observed, inside: observed >= p.lo && observed <= p.hi };
}
