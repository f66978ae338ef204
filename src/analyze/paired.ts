import { alignOutcomes, sampleCounts, type ProblemOutcome } from './outcome.js';
import {
  columnInterval,
  drawCounts,
  planBootstrap,
  resampleUntilStable,
  watchColumns,
  weightedColumnMeans,
  type BootstrapOptions,
  type ResolvedBootstrap,
} from './bootstrap.js';
import { everyKCrossover, type EveryKCrossover } from './crossover.js';
import { columnMeans, passAtKMatrix, planKs, powersOfTwoUpTo, type KPlan, type KSelection } from './passk.js';

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
  /** Largest Monte-Carlo standard error of a difference endpoint (fraction). */
  diffMcError: number;
  /** On every k ≤ n whatever grid the curves use (see everyKCrossover). */
  crossover: EveryKCrossover;
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
  const note = ragged
    ? `sample counts differ between problems or models (${nMin} to ${nMax}); k runs up to the smallest n (${nMin}) so every problem of both models counts at every k`
    : null;
  return { k: pa.k, nMin, nMax, ragged, note };
}

/**
 * Paired problem-level bootstrap: every resample draws one multiset of problems and evaluates both
 * models on it, so the interval of a − b reflects that the models share their problems (much
 * narrower than comparing two independent intervals). Problems must match by id.
 */
export function pairedPassAtK(
  a: readonly ProblemOutcome[],
  b: readonly ProblemOutcome[],
  k: KSelection = 'pow2',
  options: BootstrapOptions = {},
): PairedPassAtK {
  const boot = planBootstrap(options);
  const aligned = alignOutcomes(a, b);
  const plan = planPairedKs(aligned.a, aligned.b, k);
  const m = aligned.a.length;
  const K = plan.k.length;
  const ma = passAtKMatrix(aligned.a, plan.k);
  const mb = passAtKMatrix(aligned.b, plan.k);
  const md = new Float64Array(ma.length);
  for (let i = 0; i < md.length; i++) md[i] = ma[i] - mb[i];

  // One row per resample: a's curve, b's curve, their difference. Adaptive runs stop when every
  // endpoint is stable and no difference endpoint sits on the fence at 0.
  const counts = new Int32Array(m);
  const stable = watchColumns(
    [
      { offset: 0, count: 2 * K, tolerance: boot.tolerance },
      { offset: 2 * K, count: K, tolerance: boot.tolerance, decisionAt: 0 },
    ],
    boot.ci,
  );
  const t = resampleUntilStable(boot, 3 * K, stable, (rng, row, offset) => {
    drawCounts(rng, m, counts);
    weightedColumnMeans(ma, m, K, counts, row, offset);
    weightedColumnMeans(mb, m, K, counts, row, offset + K);
    for (let j = 0; j < K; j++) row[offset + 2 * K + j] = row[offset + j] - row[offset + K + j];
  });
  const ia = plan.k.map((_, j) => columnInterval(t, j, boot.ci));
  const ib = plan.k.map((_, j) => columnInterval(t, K + j, boot.ci));
  const id = plan.k.map((_, j) => columnInterval(t, 2 * K + j, boot.ci));
  return {
    ...plan,
    resamples: t.resamples,
    ci: boot.ci,
    seed: boot.seed,
    problems: m,
    a: { passAtK: columnMeans(ma, m, K), ciLow: ia.map((i) => i.low), ciHigh: ia.map((i) => i.high) },
    b: { passAtK: columnMeans(mb, m, K), ciLow: ib.map((i) => i.low), ciHigh: ib.map((i) => i.high) },
    diff: columnMeans(md, m, K),
    diffCiLow: id.map((i) => i.low),
    diffCiHigh: id.map((i) => i.high),
    diffMcError: Math.max(0, ...id.map((i) => Math.max(i.lowMcError, i.highMcError))),
    crossover: everyKCrossover(aligned.a, aligned.b, options),
  };
}
