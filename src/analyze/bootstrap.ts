import { InputError } from '../errors.js';
import { type ProblemOutcome } from './outcome.js';
import { columnMeans, passAtKMatrix, planKs, type KPlan, type KSelection } from './passk.js';
import { quantileSorted } from './quantile.js';
import { createRng, type Rng } from './rng.js';

/** Options shared by every bootstrap in this package. */
export interface BootstrapOptions {
  /**
   * Number of resamples (default 2,000), or 'auto': draw in growing batches until every watched
   * interval endpoint is stable (its Monte-Carlo standard error at most `tolerance`, and an
   * endpoint that decides a sign — a difference near 0 — clear of it), up to `maxResamples`.
   */
  resamples?: number | 'auto';
  /** 'auto' only: largest Monte-Carlo standard error accepted on an endpoint (fraction; default 0.002 = 0.2 points). */
  tolerance?: number;
  /** 'auto' only: upper bound on the resamples drawn (default 64,000). */
  maxResamples?: number;
  /** Two-sided confidence level of the percentile interval (default 0.95). */
  ci?: number;
  /** Seed of the resampling PRNG (default 0); the same seed gives the same intervals. */
  seed?: number;
}

/** The settings an analysis ran with; `resamples` is the number actually drawn. */
export interface ResolvedBootstrap {
  resamples: number;
  ci: number;
  seed: number;
}

/** How many resamples to draw: a fixed count, or adaptive batches with a stopping rule. */
export interface BootstrapPlan {
  ci: number;
  seed: number;
  /** Fixed count, or null for adaptive. */
  fixed: number | null;
  tolerance: number;
  maxResamples: number;
}

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_CI = 0.95;
export const DEFAULT_TOLERANCE = 0.002;
export const DEFAULT_MAX_RESAMPLES = 64_000;

export function planBootstrap(o: BootstrapOptions = {}): BootstrapPlan {
  const resamples = o.resamples ?? DEFAULT_RESAMPLES;
  const ci = o.ci ?? DEFAULT_CI;
  const seed = o.seed ?? 0;
  const tolerance = o.tolerance ?? DEFAULT_TOLERANCE;
  const maxResamples = o.maxResamples ?? DEFAULT_MAX_RESAMPLES;
  if (resamples !== 'auto' && (!Number.isInteger(resamples) || resamples < 1))
    throw new InputError(`bootstrap resamples must be a positive integer or "auto" (got ${resamples})`, { field: 'bootstrap' });
  if (!(ci > 0 && ci < 1)) throw new InputError(`confidence level must be strictly between 0 and 1 (got ${ci})`, { field: 'ci' });
  if (!Number.isSafeInteger(seed)) throw new InputError(`seed must be an integer (got ${seed})`, { field: 'seed' });
  if (!(tolerance > 0)) throw new InputError(`bootstrap tolerance must be positive (got ${tolerance})`, { field: 'bootstrap-tolerance' });
  if (!Number.isInteger(maxResamples) || maxResamples < DEFAULT_RESAMPLES)
    throw new InputError(`maximum resamples must be an integer ≥ ${DEFAULT_RESAMPLES} (got ${maxResamples})`, { field: 'bootstrap-max' });
  return { ci, seed, fixed: resamples === 'auto' ? null : resamples, tolerance, maxResamples };
}

/** Fixed-count settings (adaptive plans report the first batch; the drivers below report what they drew). */
export function resolveBootstrap(o: BootstrapOptions = {}): ResolvedBootstrap {
  const plan = planBootstrap(o);
  return { resamples: plan.fixed ?? DEFAULT_RESAMPLES, ci: plan.ci, seed: plan.seed };
}

/**
 * Monte-Carlo standard error of the q-quantile of B resampled values (ascending): half the
 * distance between the order statistics one binomial standard deviation √(Bq(1−q)) of rank
 * either side. Distribution-free, and it shrinks like 1/√B as the resamples grow.
 */
export function quantileMcError(sorted: ArrayLike<number>, q: number): number {
  const B = sorted.length;
  const centre = q * (B - 1);
  const spread = Math.sqrt(B * q * (1 - q));
  const lo = sorted[Math.max(0, Math.floor(centre - spread))];
  const hi = sorted[Math.min(B - 1, Math.ceil(centre + spread))];
  return (hi - lo) / 2;
}

/** Columns whose interval endpoints the adaptive rule watches. */
export interface WatchedColumns {
  /** First column and count, within a row of the resample table. */
  offset: number;
  count: number;
  /** Endpoint standard error accepted, in the column's unit. */
  tolerance: number;
  /** A value whose side an endpoint decides (0 for differences): the endpoint must be clear of it by 2 standard errors. */
  decisionAt?: number;
}

/** A table of resampled statistics (row-major, resamples × cols). */
export interface ResampleTable {
  table: Float64Array;
  resamples: number;
  cols: number;
}

/** The first adaptive batch is the old fixed default, so stable studies cost what they did. */
const FIRST_BATCH = DEFAULT_RESAMPLES;

function columnStable(table: Float64Array, B: number, cols: number, w: WatchedColumns, ci: number): boolean {
  const column = new Float64Array(B);
  for (let j = w.offset; j < w.offset + w.count; j++) {
    for (let b = 0; b < B; b++) column[b] = table[b * cols + j];
    column.sort();
    for (const q of [(1 - ci) / 2, (1 + ci) / 2]) {
      const endpoint = quantileSorted(column, q);
      const se = quantileMcError(column, q);
      if (!(se <= w.tolerance)) return false;
      if (w.decisionAt !== undefined && se > 0 && Math.abs(endpoint - w.decisionAt) <= 2 * se) return false;
    }
  }
  return true;
}

/** The generic stopping rule: every endpoint of the watched columns is stable. */
export function watchColumns(watch: readonly WatchedColumns[], ci: number): (t: ResampleTable) => boolean {
  return (t) => watch.every((w) => columnStable(t.table, t.resamples, t.cols, w, ci));
}

/**
 * Draws resamples: `fixed` of them, or (adaptive) batches that double the total — 2,000, 4,000,
 * 8,000, … — until every watched column is stable or `maxResamples` is reached. `draw(rng, row,
 * offset)` writes one resample's statistics into `row[offset .. offset + cols)`. Deterministic for
 * a seed: the resample stream is the same, only its length depends on the rule.
 */
export function resampleUntilStable(
  plan: BootstrapPlan,
  cols: number,
  stable: (t: ResampleTable) => boolean,
  draw: (rng: Rng, row: Float64Array, offset: number) => void,
): ResampleTable {
  const rng = createRng(plan.seed);
  let target = plan.fixed ?? Math.min(FIRST_BATCH, plan.maxResamples);
  let table = new Float64Array(target * cols);
  let drawn = 0;
  for (;;) {
    for (; drawn < target; drawn++) draw(rng, table, drawn * cols);
    if (plan.fixed !== null || target >= plan.maxResamples) break;
    if (stable({ table, resamples: drawn, cols })) break;
    target = Math.min(plan.maxResamples, target * 2);
    const grown = new Float64Array(target * cols);
    grown.set(table);
    table = grown;
  }
  return { table, resamples: drawn, cols };
}

/** Percentile interval and the Monte-Carlo standard error of each endpoint, for one column of a table. */
export interface ColumnInterval {
  low: number;
  high: number;
  lowMcError: number;
  highMcError: number;
}

export function columnInterval(t: ResampleTable, col: number, ci: number): ColumnInterval {
  const column = new Float64Array(t.resamples);
  for (let b = 0; b < t.resamples; b++) column[b] = t.table[b * t.cols + col];
  column.sort();
  const ql = (1 - ci) / 2;
  const qh = (1 + ci) / 2;
  return {
    low: quantileSorted(column, ql),
    high: quantileSorted(column, qh),
    lowMcError: quantileMcError(column, ql),
    highMcError: quantileMcError(column, qh),
  };
}

/**
 * Draws one problem-level bootstrap resample as multiplicities: counts[i] = how many times problem
 * i was drawn (m draws with replacement). Resampling whole problems keeps each problem's samples
 * together, which is what makes the interval honest about problem-to-problem variation.
 */
export function drawCounts(rng: Rng, m: number, counts: Int32Array): void {
  counts.fill(0);
  for (let i = 0; i < m; i++) counts[rng.nextInt(m)]++;
}

/**
 * Adds the weighted column sums of `matrix` (row-major, rows × cols) into `out` and divides by the
 * number of rows: the resampled dataset mean at every column.
 */
export function weightedColumnMeans(matrix: Float64Array, rows: number, cols: number, counts: Int32Array, out: Float64Array, outOffset: number): void {
  for (let j = 0; j < cols; j++) out[outOffset + j] = 0;
  for (let r = 0; r < rows; r++) {
    const w = counts[r];
    if (w === 0) continue;
    const base = r * cols;
    for (let j = 0; j < cols; j++) out[outOffset + j] += w * matrix[base + j];
  }
  for (let j = 0; j < cols; j++) out[outOffset + j] /= rows;
}

/** Percentile interval of each column of a (resamples × cols) table of resampled statistics. */
export function columnIntervals(table: Float64Array, resamples: number, cols: number, ci: number): { low: number[]; high: number[] } {
  const low: number[] = [];
  const high: number[] = [];
  const column = new Float64Array(resamples);
  for (let j = 0; j < cols; j++) {
    for (let b = 0; b < resamples; b++) column[b] = table[b * cols + j];
    column.sort();
    low.push(quantileSorted(column, (1 - ci) / 2));
    high.push(quantileSorted(column, (1 + ci) / 2));
  }
  return { low, high };
}

/** pass@k at each k with its problem-level bootstrap percentile interval. */
export interface PassAtKBands extends KPlan, ResolvedBootstrap {
  passAtK: number[];
  ciLow: number[];
  ciHigh: number[];
  /** Largest Monte-Carlo standard error of any interval endpoint (fraction). */
  mcError: number;
  problems: number;
}

/**
 * pass@k with seeded problem-level bootstrap bands. Per-problem pass@k is computed once; each
 * resample is then a weighted column sum, so the cost is O(resamples × problems × |k|).
 */
export function bootstrapPassAtK(outcomes: readonly ProblemOutcome[], k: KSelection = 'pow2', options: BootstrapOptions = {}): PassAtKBands {
  const boot = planBootstrap(options);
  const plan = planKs(outcomes, k);
  const m = outcomes.length;
  const K = plan.k.length;
  const matrix = passAtKMatrix(outcomes, plan.k);
  const counts = new Int32Array(m);
  const t = resampleUntilStable(boot, K, watchColumns([{ offset: 0, count: K, tolerance: boot.tolerance }], boot.ci), (rng, row, offset) => {
    drawCounts(rng, m, counts);
    weightedColumnMeans(matrix, m, K, counts, row, offset);
  });
  const intervals = plan.k.map((_, j) => columnInterval(t, j, boot.ci));
  return {
    ...plan,
    resamples: t.resamples,
    ci: boot.ci,
    seed: boot.seed,
    passAtK: columnMeans(matrix, m, K),
    ciLow: intervals.map((i) => i.low),
    ciHigh: intervals.map((i) => i.high),
    mcError: Math.max(0, ...intervals.map((i) => Math.max(i.lowMcError, i.highMcError))),
    problems: m,
  };
}

/**
 * Percentile intervals of the column means of a per-problem matrix (rows = problems) over seeded
 * problem-level resamples: the one bootstrap loop behind every "mean over problems" band.
 */
export function bootstrapColumnMeans(matrix: Float64Array, rows: number, cols: number, opts: ResolvedBootstrap): { low: number[]; high: number[] } {
  const table = new Float64Array(opts.resamples * cols);
  const counts = new Int32Array(rows);
  const rng = createRng(opts.seed);
  for (let b = 0; b < opts.resamples; b++) {
    drawCounts(rng, rows, counts);
    weightedColumnMeans(matrix, rows, cols, counts, table, b * cols);
  }
  return columnIntervals(table, opts.resamples, cols, opts.ci);
}
