import { InputError } from '../errors.js';
import { type ProblemOutcome } from './outcome.js';
import { columnMeans, passAtKMatrix, planKs, type KPlan, type KSelection } from './passk.js';
import { quantileSorted } from './quantile.js';
import { createRng, type Rng } from './rng.js';

/** Options shared by every bootstrap in this package. */
export interface BootstrapOptions {
  /** Number of resamples (default 2,000). */
  resamples?: number;
  /** Two-sided confidence level of the percentile interval (default 0.95). */
  ci?: number;
  /** Seed of the resampling PRNG (default 0); the same seed gives the same intervals. */
  seed?: number;
}

export interface ResolvedBootstrap {
  resamples: number;
  ci: number;
  seed: number;
}

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_CI = 0.95;

export function resolveBootstrap(o: BootstrapOptions = {}): ResolvedBootstrap {
  const resamples = o.resamples ?? DEFAULT_RESAMPLES;
  const ci = o.ci ?? DEFAULT_CI;
  const seed = o.seed ?? 0;
  if (!Number.isInteger(resamples) || resamples < 1) throw new InputError(`bootstrap resamples must be a positive integer (got ${resamples})`, { field: 'bootstrap' });
  if (!(ci > 0 && ci < 1)) throw new InputError(`confidence level must be strictly between 0 and 1 (got ${ci})`, { field: 'ci' });
  if (!Number.isSafeInteger(seed)) throw new InputError(`seed must be an integer (got ${seed})`, { field: 'seed' });
  return { resamples, ci, seed };
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
  problems: number;
}

/**
 * pass@k with seeded problem-level bootstrap bands. Per-problem pass@k is computed once; each
 * resample is then a weighted column sum, so the cost is O(resamples × problems × |k|).
 */
export function bootstrapPassAtK(outcomes: readonly ProblemOutcome[], k: KSelection = 'pow2', options: BootstrapOptions = {}): PassAtKBands {
  const opts = resolveBootstrap(options);
  const plan = planKs(outcomes, k);
  const m = outcomes.length;
  const K = plan.k.length;
  const matrix = passAtKMatrix(outcomes, plan.k);
  const { low, high } = bootstrapColumnMeans(matrix, m, K, opts);
  return { ...plan, ...opts, passAtK: columnMeans(matrix, m, K), ciLow: low, ciHigh: high, problems: m };
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
