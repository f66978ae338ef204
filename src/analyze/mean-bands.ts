import { bootstrapColumnMeans, drawCounts, resolveBootstrap, weightedColumnMeans, type BootstrapOptions, type ResolvedBootstrap } from './bootstrap.js';
import { columnMeans } from './passk.js';
import { percentileInterval } from './quantile.js';
import { createRng } from './rng.js';

/** An estimate with its interval (fractions or counts, as the analysis says). */
export interface Estimate {
  value: number;
  lo: number;
  hi: number;
}

/**
 * Dataset means of per-problem values (a row-major problems × columns matrix) with seeded
 * problem-level bootstrap percentile intervals — the same resampling as `bootstrapPassAtK`, for
 * any statistic that is a mean over problems (cover@τ, G-Pass@k, entropies, guessing pass@k, …).
 */
export function meanWithBands(matrix: Float64Array, rows: number, cols: number, options: BootstrapOptions | ResolvedBootstrap = {}): Estimate[] {
  const { low, high } = bootstrapColumnMeans(matrix, rows, cols, resolveBootstrap(options));
  const means = columnMeans(matrix, rows, cols);
  return means.map((value, j) => ({ value, lo: low[j]!, hi: high[j]! }));
}

/**
 * Ratio statistics of per-problem counts, with bootstrap intervals: each resample sums the count
 * columns over the drawn problems and applies `statistic`; a statistic that is undefined on a
 * resample (a zero denominator) returns null and that resample is left out of its interval.
 */
export function ratioWithBands(
  counts: Float64Array,
  rows: number,
  cols: number,
  statistics: ReadonlyArray<(sums: Float64Array) => number | null>,
  options: BootstrapOptions | ResolvedBootstrap = {},
): Array<Estimate | null> {
  const opts = resolveBootstrap(options);
  const sums = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) sums[j] += counts[r * cols + j]!;
  const point = statistics.map((f) => f(sums));
  const draws = statistics.map(() => [] as number[]);
  const mult = new Int32Array(rows);
  const rng = createRng(opts.seed);
  const resampled = new Float64Array(cols);
  for (let b = 0; b < opts.resamples; b++) {
    drawCounts(rng, rows, mult);
    weightedColumnMeans(counts, rows, cols, mult, resampled, 0);
    for (let j = 0; j < cols; j++) resampled[j] *= rows; // back from means to sums
    statistics.forEach((f, i) => {
      const v = f(resampled);
      if (v !== null && Number.isFinite(v)) draws[i]!.push(v);
    });
  }
  return point.map((value, i) => {
    if (value === null || draws[i]!.length === 0) return null;
    const [lo, hi] = percentileInterval(draws[i]!, opts.ci);
    return { value, lo, hi };
  });
}
