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
