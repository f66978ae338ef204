import { InputError } from '../../errors.js';
import { drawCounts } from '../../analyze/bootstrap.js';
import { fitBetaBinomial, posteriorPassAtK, type BetaBinomialFit } from '../../analyze/beta-binomial.js';
import { crossoverIndex, crossoverInterval, leaderOf, type Crossover } from '../../analyze/crossover.js';
import { alignOutcomes, validateOutcomes, type ProblemOutcome } from '../../analyze/outcome.js';
import { passAtK } from '../../analyze/passk.js';
import { quantileSorted } from '../../analyze/quantile.js';
import { createRng, type Rng } from '../../analyze/rng.js';
import { drawLogBeta, drawNormal } from '../../analyze/special.js';

/**
 * pass@k of two models whose problems were sampled with different, data-dependent nᵢ (adaptive
 * sampling), with paired bands and the crossover k.
 *
 * Why these estimators stay valid under the stopping rule: the allocation decides how many samples
 * a problem gets from the outcomes already seen (never from future ones), so the probability of the
 * observed sequence is ∏ p^c (1 − p)^(n − c) times factors that do not involve p — the stopping
 * rule is ignorable for likelihood-based inference (the likelihood principle). The beta-binomial
 * prior's maximum marginal likelihood fit and each problem's posterior Beta(α + c, β + n − c) are
 * therefore the same functions of (nᵢ, cᵢ) as under fixed n. The per-problem unbiased estimator
 * 1 − C(n − c, k)/C(n, k) is not: unbiasedness is an average over fixed-n outcomes, and a rule that
 * stops a problem early after a lucky start (or samples on until a success) shifts it — see
 * docs/adaptive.md for the size of that bias and the coverage simulation.
 *
 * The band of each curve, of the difference and of the crossover come from one set of draws: the
 * problems resampled with replacement (paired: both models on the same multiset) and each
 * resampled problem's rate drawn from its posterior under the fitted prior. Drawing (ln α, ln β)
 * from the fit's Laplace approximation as well (`hyperDraws`) counts the prior's uncertainty a
 * second time — resampling the problems already carries it — and widens the bands for nothing in
 * the coverage simulation, so it is off by default. With enough samples per problem the posterior draw is the problem's rate and this
 * is the ordinary problem-level bootstrap; with few it adds the problem's remaining uncertainty.
 */
export interface AdaptiveCurve {
  passAtK: number[];
  ciLow: number[];
  ciHigh: number[];
}

export interface AdaptivePaired {
  method: AdaptiveEstimator;
  k: number[];
  problems: number;
  draws: number;
  ci: number;
  seed: number;
  a: AdaptiveCurve & { alpha: number; beta: number };
  b: AdaptiveCurve & { alpha: number; beta: number };
  diff: number[];
  diffCiLow: number[];
  diffCiHigh: number[];
  crossover: Crossover;
}

export type AdaptiveEstimator = 'hybrid' | 'posterior';

export interface AdaptiveEstimateOptions {
  draws?: number;
  ci?: number;
  seed?: number;
  /**
   * 'hybrid' (default): the unbiased estimator 1 − C(n − c, k)/C(n, k) wherever k ≤ nᵢ and the
   * posterior beyond; 'posterior': the posterior expectation at every k.
   */
  estimator?: AdaptiveEstimator;
  /** Also draw (α, β) from the fit's Laplace approximation in every draw (default false). */
  hyperDraws?: boolean;
}

/** pass@k curves of two models on the same problems (a − b for the difference), any k ≥ 1. */
export function adaptivePairedPassAtK(
  aIn: readonly ProblemOutcome[],
  bIn: readonly ProblemOutcome[],
  ks: readonly number[],
  options: AdaptiveEstimateOptions = {},
): AdaptivePaired {
  validateOutcomes(aIn, 'first model');
  validateOutcomes(bIn, 'second model');
  const { a, b } = alignOutcomes(aIn, bIn);
  const draws = options.draws ?? 1000;
  const ci = options.ci ?? 0.95;
  const seed = options.seed ?? 0;
  const hyper = options.hyperDraws ?? false;
  const estimator = options.estimator ?? 'hybrid';
  if (!Number.isInteger(draws) || draws < 1) throw new InputError(`draws must be a positive integer (got ${draws})`, { field: 'draws' });
  if (!(ci > 0 && ci < 1)) throw new InputError(`confidence level must be strictly between 0 and 1 (got ${ci})`, { field: 'ci' });
  if (ks.length === 0 || ks.some((k) => !Number.isInteger(k) || k < 1)) throw new InputError('k must be a non-empty list of positive integers', { field: 'k' });
  const grid = [...new Set(ks)].sort((x, y) => x - y);
  const m = a.length;
  const K = grid.length;
  const fa = fitBetaBinomial(a);
  const fb = fitBetaBinomial(b);
  // Where the per-problem value is fixed (k ≤ nᵢ under the hybrid estimator): NaN marks "draw it".
  const fixed = (o: readonly ProblemOutcome[]): Float64Array => {
    const out = new Float64Array(m * K).fill(NaN);
    if (estimator === 'hybrid')
      for (let i = 0; i < m; i++) for (let j = 0; j < K; j++) if (grid[j]! <= o[i]!.n) out[i * K + j] = passAtK(o[i]!.n, o[i]!.c, grid[j]!);
    return out;
  };
  const fixedA = fixed(a);
  const fixedB = fixed(b);
  const curve = (o: readonly ProblemOutcome[], f: BetaBinomialFit, known: Float64Array): number[] =>
    grid.map(
      (k, j) =>
        o.reduce((s, x, i) => {
          const v = known[i * K + j]!;
          return s + (Number.isNaN(v) ? posteriorPassAtK(f.alpha, f.beta, x.n, x.c, k) : v);
        }, 0) / m,
    );
  const pa = curve(a, fa, fixedA);
  const pb = curve(b, fb, fixedB);
  const diff = pa.map((v, j) => v - pb[j]!);
  const leader = leaderOf(diff[0]!);

  const rng = createRng(seed);
  const ta = new Float64Array(draws * K);
  const tb = new Float64Array(draws * K);
  const td = new Float64Array(draws * K);
  const crossings = new Int32Array(draws);
  const mult = new Int32Array(m);
  const log1mA = new Float64Array(m);
  const log1mB = new Float64Array(m);
  for (let d = 0; d < draws; d++) {
    const [aa, ba] = hyper ? drawHyper(rng, fa) : [fa.alpha, fa.beta];
    const [ab, bb] = hyper ? drawHyper(rng, fb) : [fb.alpha, fb.beta];
    drawCounts(rng, m, mult);
    for (let i = 0; i < m; i++) {
      if (mult[i] === 0) continue;
      log1mA[i] = drawLogBeta(rng, aa + a[i]!.c, ba + a[i]!.n - a[i]!.c).log1mP;
      log1mB[i] = drawLogBeta(rng, ab + b[i]!.c, bb + b[i]!.n - b[i]!.c).log1mP;
    }
    const row = d * K;
    for (let j = 0; j < K; j++) {
      const k = grid[j]!;
      let sa = 0;
      let sb = 0;
      for (let i = 0; i < m; i++) {
        const w = mult[i]!;
        if (w === 0) continue;
        const va = fixedA[i * K + j]!;
        const vb = fixedB[i * K + j]!;
        sa += w * (Number.isNaN(va) ? -Math.expm1(k * log1mA[i]!) : va);
        sb += w * (Number.isNaN(vb) ? -Math.expm1(k * log1mB[i]!) : vb);
      }
      ta[row + j] = sa / m;
      tb[row + j] = sb / m;
      td[row + j] = (sa - sb) / m;
    }
    crossings[d] = crossoverIndex(td, leader, row, K);
  }
  const bands = (table: Float64Array, point: number[]): { low: number[]; high: number[] } => {
    const col = new Float64Array(draws);
    const low: number[] = [];
    const high: number[] = [];
    for (let j = 0; j < K; j++) {
      for (let d = 0; d < draws; d++) col[d] = table[d * K + j]!;
      col.sort();
      low.push(Math.min(point[j]!, quantileSorted(col, (1 - ci) / 2)));
      high.push(Math.max(point[j]!, quantileSorted(col, (1 + ci) / 2)));
    }
    return { low, high };
  };
  const ba = bands(ta, pa);
  const bb = bands(tb, pb);
  const bd = bands(td, diff);
  const at = crossoverIndex(diff, leader);
  const interval = crossoverInterval(crossings, grid, ci);
  return {
    method: estimator,
    k: grid,
    problems: m,
    draws,
    ci,
    seed,
    a: { passAtK: pa, ciLow: ba.low, ciHigh: ba.high, alpha: fa.alpha, beta: fa.beta },
    b: { passAtK: pb, ciLow: bb.low, ciHigh: bb.high, alpha: fb.alpha, beta: fb.beta },
    diff,
    diffCiLow: bd.low,
    diffCiHigh: bd.high,
    crossover: {
      leader,
      k: at < 0 ? null : grid[at]!,
      ciLow: leader === 'tie' ? null : interval.low,
      ciHigh: leader === 'tie' ? null : interval.high,
      probability: leader === 'tie' ? 0 : interval.probability,
    },
  };
}

/** (α, β) drawn from the Laplace approximation of the fit, clamped to the fit's box. */
function drawHyper(rng: Rng, fit: BetaBinomialFit): [number, number] {
  const [vaa, vab, vbb] = fit.cov;
  const l11 = Math.sqrt(vaa);
  const l21 = vab / l11;
  const l22 = Math.sqrt(Math.max(0, vbb - l21 * l21));
  const z1 = drawNormal(rng);
  const z2 = drawNormal(rng);
  const cap = Math.log(1e4);
  return [Math.exp(Math.min(cap, Math.log(fit.alpha) + l11 * z1)), Math.exp(Math.min(cap, Math.log(fit.beta) + l21 * z1 + l22 * z2))];
}
