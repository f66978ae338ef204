import { InputError } from '../errors.js';
import {
  drawCounts,
  planBootstrap,
  quantileMcError,
  resampleUntilStable,
  type BootstrapOptions,
  type ResampleTable,
  type ResolvedBootstrap,
} from './bootstrap.js';
import { alignOutcomes, sampleCounts, type ProblemOutcome } from './outcome.js';
import { passAtK } from './passk.js';

/** Which model is ahead at the smallest k evaluated. */
export type Leader = 'a' | 'b' | 'tie';

/**
 * The crossover: the smallest evaluated k at which the model leading at the smallest k no longer
 * leads (its advantage a − b is ≤ 0 when a leads, ≥ 0 when b leads). With RL model A and base
 * model B this is "the k where the base model catches up". `k` is null when the leader stays ahead
 * at every evaluated k, and always null when the two are tied at the smallest k.
 */
export interface Crossover {
  leader: Leader;
  k: number | null;
  /** Percentile interval of the bootstrap distribution of the crossover k. `high` is null when, in
   * more than (1 − ci)/2 of the resamples, the leader stays ahead up to the largest k evaluated. */
  ciLow: number | null;
  ciHigh: number | null;
  /** Fraction of bootstrap resamples in which the crossover happens within the evaluated k. */
  probability: number;
}

export function leaderOf(diffAtSmallestK: number): Leader {
  return diffAtSmallestK > 0 ? 'a' : diffAtSmallestK < 0 ? 'b' : 'tie';
}

/**
 * Index of the first column (within `diff[offset .. offset+cols)`) where the given leader no longer
 * leads, or −1 when it leads throughout.
 */
export function crossoverIndex(diff: ArrayLike<number>, leader: Leader, offset = 0, cols = diff.length): number {
  if (leader === 'tie') return -1;
  const sign = leader === 'a' ? 1 : -1;
  for (let j = 0; j < cols; j++) if (sign * diff[offset + j] <= 0) return j;
  return -1;
}

/**
 * Summarizes per-resample crossover indices (−1 = none) into a percentile interval on the k grid.
 * Order statistics are taken on the grid itself (no interpolation between k values), with "none"
 * ranked above every k.
 */
export function crossoverInterval(indices: Int32Array, ks: readonly number[], ci: number): { low: number | null; high: number | null; probability: number } {
  const ranked = Float64Array.from(indices, (i) => (i < 0 ? Infinity : i)).sort();
  const pick = (q: number): number | null => {
    const v = ranked[Math.min(ranked.length - 1, Math.max(0, Math.ceil(q * ranked.length) - 1))];
    return Number.isFinite(v) ? ks[v] : null;
  };
  let crossed = 0;
  for (const i of indices) if (i >= 0) crossed++;
  return { low: pick((1 - ci) / 2), high: pick((1 + ci) / 2), probability: crossed / indices.length };
}

/** The crossover on every k ≤ n, with the bootstrap settings it used and its Monte-Carlo errors. */
export interface EveryKCrossover extends Crossover, ResolvedBootstrap {
  /** Largest k examined: the smallest sample count of any problem of either model. */
  maxK: number;
  /** Monte-Carlo standard errors (in k) of the interval endpoints; null where an endpoint is "none" or its neighbourhood reaches it. */
  ciLowMcError: number | null;
  ciHighMcError: number | null;
  /** Monte-Carlo standard error of `probability`. */
  probabilityMcError: number;
}

/** An endpoint of a crossover interval is taken as stable within ±1 k or 5% of k, whichever is larger. */
const K_TOLERANCE_SHARE = 0.05;

/** Order statistic (no interpolation: k is discrete) with "none" (Infinity) ranked above every k. */
function rankQuantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * THE crossover computation of rlbound (the report, report-data.json, `passk --vs` and the lab
 * summaries all call it): the smallest k in 1..n at which the model leading at k = 1 no longer
 * leads, with its problem-level paired bootstrap interval and the share of resamples that cross.
 * Every k is examined, not a grid, so the k and its interval are exact; a figure may plot powers
 * of two but marks this k. Problems are put in id order first, so (a, b) and (b, a) give the same
 * k, interval and share. Per-problem differences are stored k-major and each resample stops at its
 * first crossing, so most resamples touch a few columns only.
 */
export function everyKCrossover(a: readonly ProblemOutcome[], b: readonly ProblemOutcome[], options: BootstrapOptions = {}): EveryKCrossover {
  const boot = planBootstrap(options);
  const aligned = alignOutcomes(
    [...a].sort((x, y) => (x.problemId < y.problemId ? -1 : x.problemId > y.problemId ? 1 : 0)),
    b,
  );
  const m = aligned.a.length;
  if (m === 0) throw new InputError('a crossover needs at least one problem both models were evaluated on');
  const K = Math.min(sampleCounts(aligned.a).nMin, sampleCounts(aligned.b).nMin);
  // diff[j * m + i] = pass@(j+1)(a) − pass@(j+1)(b) on problem i.
  const diff = new Float64Array(K * m);
  for (let i = 0; i < m; i++) {
    const oa = aligned.a[i]!;
    const ob = aligned.b[i]!;
    for (let j = 0; j < K; j++) diff[j * m + i] = passAtK(oa.n, oa.c, j + 1) - passAtK(ob.n, ob.c, j + 1);
  }
  const columnMean = (j: number, weights: Int32Array | null, picked: Int32Array, used: number): number => {
    let s = 0;
    const base = j * m;
    if (weights === null) for (let i = 0; i < m; i++) s += diff[base + i]!;
    else for (let t = 0; t < used; t++) s += weights[picked[t]!]! * diff[base + picked[t]!]!;
    return s / m;
  };
  const all = new Int32Array(0);
  const leader = leaderOf(columnMean(0, null, all, 0));
  const sign = leader === 'a' ? 1 : -1;
  const firstCrossing = (weights: Int32Array | null, picked: Int32Array, used: number): number => {
    if (leader === 'tie') return Infinity;
    for (let j = 0; j < K; j++) if (sign * columnMean(j, weights, picked, used) <= 0) return j + 1;
    return Infinity;
  };
  const at = firstCrossing(null, all, 0);

  const counts = new Int32Array(m);
  const picked = new Int32Array(m);
  // The rule for k: endpoints within max(1, 5% of k), the share within `tolerance`; its own rule
  // because k is discrete and "none" is infinite, which the generic column rule does not handle.
  const table = resampleUntilStable(
    boot,
    1,
    (tab) => summarize(tab, boot.ci).stable(boot.tolerance),
    (rng, row, offset) => {
      drawCounts(rng, m, counts);
      let used = 0;
      for (let i = 0; i < m; i++) if (counts[i]! > 0) picked[used++] = i;
      row[offset] = firstCrossing(counts, picked, used);
    },
  );
  const s = summarize(table, boot.ci);
  const tie = leader === 'tie';
  return {
    leader,
    k: Number.isFinite(at) ? at : null,
    ciLow: tie ? null : s.low,
    ciHigh: tie ? null : s.high,
    probability: tie ? 0 : s.probability,
    ciLowMcError: tie ? null : s.lowMcError,
    ciHighMcError: tie ? null : s.highMcError,
    probabilityMcError: tie ? 0 : s.probabilityMcError,
    maxK: K,
    resamples: table.resamples,
    ci: boot.ci,
    seed: boot.seed,
  };
}

function summarize(
  t: ResampleTable,
  ci: number,
): {
  low: number | null;
  high: number | null;
  lowMcError: number | null;
  highMcError: number | null;
  probability: number;
  probabilityMcError: number;
  stable: (tolerance: number) => boolean;
} {
  const sorted = t.table.slice(0, t.resamples).sort();
  const B = t.resamples;
  let crossed = 0;
  for (let i = 0; i < B; i++) if (Number.isFinite(sorted[i]!)) crossed++;
  const p = crossed / B;
  // An endpoint at "none" is stable when its lower neighbour is "none" too (the error is then NaN).
  const endpoint = (q: number): { value: number | null; mc: number | null; settled: boolean } => {
    const v = rankQuantile(sorted, q);
    const raw = quantileMcError(sorted, q);
    const mc = Number.isFinite(raw) ? raw : null;
    return {
      value: Number.isFinite(v) ? v : null,
      mc,
      settled: Number.isFinite(v) ? mc !== null && mc <= Math.max(1, K_TOLERANCE_SHARE * v) : Number.isNaN(raw),
    };
  };
  const lo = endpoint((1 - ci) / 2);
  const hi = endpoint((1 + ci) / 2);
  const probabilityMcError = Math.sqrt((p * (1 - p)) / B);
  return {
    low: lo.value,
    high: hi.value,
    lowMcError: lo.mc,
    highMcError: hi.mc,
    probability: p,
    probabilityMcError,
    stable: (tolerance: number): boolean => lo.settled && hi.settled && probabilityMcError <= Math.max(tolerance, 0.005),
  };
}
