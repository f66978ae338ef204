/**
 * Cuts sorted sample indices into slices of consecutive indices, at most `size` long: the unit
 * of work of one queue job. Consecutive indices have consecutive seeds, so a slice is one or a
 * few requests on a server that takes n > 1.
 */
export function slicesOf(indices: readonly number[], size: number): { first: number; count: number }[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`slice size must be an integer ≥ 1 (got ${size})`);
  const out: { first: number; count: number }[] = [];
  for (const i of indices) {
    const last = out[out.length - 1];
    if (last !== undefined && last.first + last.count === i && last.count < size) last.count++;
    else out.push({ first: i, count: 1 });
  }
  return out;
}
