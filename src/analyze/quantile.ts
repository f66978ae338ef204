/**
 * Quantile of an ascending-sorted array by linear interpolation between order statistics
 * (Hyndman–Fan type 7, the default of R and NumPy). `q` in [0, 1].
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile level must be in [0, 1] (got ${q})`);
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Sorts a copy ascending (numeric), leaving the input untouched. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** The two-sided percentile interval [ (1−ci)/2, (1+ci)/2 ] of a sample. */
export function percentileInterval(values: ArrayLike<number>, ci: number): [number, number] {
  const s = sortedCopy(values);
  return [quantileSorted(s, (1 - ci) / 2), quantileSorted(s, (1 + ci) / 2)];
}
