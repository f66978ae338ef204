/**
 * The token-matrix conventions every RL function shares (rlvr-algorithms.md §0–§1.2).
 *
 * A step batch of N responses is stored as N rows of width T (right-padded). `mask[i][t]` is 1 for
 * generated tokens up to and including the first EOS, 0 for padding. Outcome rewards sit on the
 * last valid token of each row. Plain `number[][]` keeps the maths readable; the batches are small
 * (a few hundred rows of a few dozen tokens).
 */
export type TokenRows = number[][];

/** Mask rows of `width` with the first `lengths[i]` positions valid. */
export function maskFromLengths(lengths: readonly number[], width: number): TokenRows {
  return lengths.map((len) => {
    if (len < 0 || len > width) throw new RangeError(`response length ${len} outside 0..${width}`);
    return Array.from({ length: width }, (_, t) => (t < len ? 1 : 0));
  });
}

/** Number of valid tokens per row. */
export function rowLengths(mask: TokenRows): number[] {
  return mask.map((row) => row.reduce((s, m) => s + m, 0));
}

/** Index of the last valid token of a row, or -1 for an empty row. */
export function lastValidIndex(maskRow: readonly number[]): number {
  for (let t = maskRow.length - 1; t >= 0; t--) if (maskRow[t] > 0) return t;
  return -1;
}

/** Token rewards with each response's scalar score on its last valid token, zero elsewhere. */
export function placeOutcomeRewards(scores: readonly number[], mask: TokenRows): TokenRows {
  return mask.map((row, i) => {
    const out = new Array<number>(row.length).fill(0);
    const last = lastValidIndex(row);
    if (last >= 0) out[last] = scores[i];
    return out;
  });
}

/** A per-response scalar repeated on each of its valid tokens (zero on padding). */
export function broadcastToTokens(values: readonly number[], mask: TokenRows): TokenRows {
  return mask.map((row, i) => row.map((m) => (m > 0 ? values[i] * m : 0)));
}

/** Σ_t m·r per row: what outcome estimators treat as the response's score. */
export function sequenceSums(rows: TokenRows, mask: TokenRows): number[] {
  return rows.map((row, i) => row.reduce((s, v, t) => s + v * mask[i][t], 0));
}

/** Row indices grouped by uid, in first-appearance order. */
export function groupIndices(uids: readonly string[]): number[][] {
  const groups = new Map<string, number[]>();
  uids.forEach((uid, i) => {
    const g = groups.get(uid);
    if (g) g.push(i);
    else groups.set(uid, [i]);
  });
  return [...groups.values()];
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Bessel-corrected standard deviation (torch.std's default). */
export function unbiasedStd(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}
