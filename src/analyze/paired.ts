import { alignOutcomes, sampleCounts, type ProblemOutcome } from './outcome.js';
import { columnIntervals, drawCounts, resolveBootstrap, weightedColumnMeans, type BootstrapOptions, type ResolvedBootstrap } from './bootstrap.js';
import { crossoverIndex, crossoverInterval, leaderOf, type Crossover } from './crossover.js';
import { columnMeans, passAtKMatrix, planKs, powersOfTwoUpTo, type KPlan, type KSelection } from './passk.js';
import { createRng } from './rng.js';

/** One model's curve inside a paired comparison. */
export interface CurveWithBands {
  passAtK: number[];
  ciLow: number[];
  ciHigh: number[];
}

/** Two models on the same problems: both curves, their difference a − b, and the crossover k. */
export interface PairedPassAtK extends KPlan, ResolvedBootstrap {
  problems: number;
  a: CurveWithBands;
  b: CurveWithBands;
  diff: number[];
  diffCiLow: number[];
  diffCiHigh: number[];
  crossover: Crossover;
}

/**
 * Resolves one k grid valid for both models: 'all'/'pow2' run up to the smaller of the two models'
 * smallest n; explicit lists are checked against each model (errors name the short problems).
 */
export function planPairedKs(a: readonly ProblemOutcome[], b: readonly ProblemOutcome[], selection: KSelection): KPlan {
  const nMin = Math.min(sampleCounts(a).nMin, sampleCounts(b).nMin);
  const explicit = selection === 'all' ? Array.from({ length: nMin }, (_, i) => i + 1) : selection === 'pow2' ? powersOfTwoUpTo(nMin) : selection;
  const pa = planKs(a, explicit);
  const pb = planKs(b, explicit);
  const nMax = Math.max(pa.nMax, pb.nMax);
  const ragged = pa.ragged || pb.ragged || pa.nMin !== pb.nMin;
  const note = ragged ? `sample counts differ between problems or models (${nMin} to ${nMax}); k runs up to the smallest n (${nMin}) so every problem of both models counts at every k` : null;
  return { k: pa.k, nMin, nMax, ragged, note };
}

/**
 * Paired problem-level bootstrap: every resample draws one multiset of problems and evaluates both
 * models on it, so the interval of a − b reflects that the models share their problems (much
 * narrower than comparing two independent intervals). Problems must match by id.
 */
export function pairedPassAtK(a: readonly ProblemOutcome[], b: readonly ProblemOutcome[], k: KSelection = 'pow2', options: BootstrapOptions = {}): PairedPassAtK {
  const opts = resolveBootstrap(options);
  const aligned = alignOutcomes(a, b);
  const plan = planPairedKs(aligned.a, aligned.b, k);
  const m = aligned.a.length;
  const K = plan.k.length;
  const ma = passAtKMatrix(aligned.a, plan.k);
  const mb = passAtKMatrix(aligned.b, plan.k);
  const md = new Float64Array(ma.length);
  for (let i = 0; i < md.length; i++) md[i] = ma[i] - mb[i];

  const diff = columnMeans(md, m, K);
  const leader = leaderOf(diff[0]);
  const ta = new Float64Array(opts.resamples * K);
  const tb = new Float64Array(opts.resamples * K);
  const td = new Float64Array(opts.resamples * K);
  const crossings = new Int32Array(opts.resamples);
  const counts = new Int32Array(m);
  const rng = createRng(opts.seed);
  for (let r = 0; r < opts.resamples; r++) {
    drawCounts(rng, m, counts);
    weightedColumnMeans(ma, m, K, counts, ta, r * K);
    weightedColumnMeans(mb, m, K, counts, tb, r * K);
    for (let j = 0; j < K; j++) td[r * K + j] = ta[r * K + j] - tb[r * K + j];
    crossings[r] = crossoverIndex(td, leader, r * K, K);
  }
  const ia = columnIntervals(ta, opts.resamples, K, opts.ci);
  const ib = columnIntervals(tb, opts.resamples, K, opts.ci);
  const id = columnIntervals(td, opts.resamples, K, opts.ci);
  const at = crossoverIndex(diff, leader);
  const interval = crossoverInterval(crossings, plan.k, opts.ci);
  return {
    ...plan,
    ...opts,
    problems: m,
    a: { passAtK: columnMeans(ma, m, K), ciLow: ia.low, ciHigh: ia.high },
    b: { passAtK: columnMeans(mb, m, K), ciLow: ib.low, ciHigh: ib.high },
    diff,
    diffCiLow: id.low,
    diffCiHigh: id.high,
    crossover: { leader, k: at < 0 ? null : plan.k[at], ciLow: leader === 'tie' ? null : interval.low, ciHigh: leader === 'tie' ? null : interval.high, probability: leader === 'tie' ? 0 : interval.probability },
  };
}
