/**
 * Train/test disjointness by construction: a problem belongs to the held-out partition iff the
 * FNV-1a hash of its key falls in the first quarter. Test sets draw only held-out problems, RL
 * training sets and teacher traces only the others, for any seeds and counts.
 */
export function isHeldOut(key: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 4 === 0;
}

/**
 * Draws `count` problems with distinct keys from the requested partition. `draw` returns a
 * candidate or null (rejected draw). Throws if the partition looks exhausted.
 */
export function drawDistinct<P extends { key: string }>(split: 'train' | 'test', count: number, draw: () => P | null): P[] {
  const out: P[] = [];
  const seen = new Set<string>();
  let misses = 0;
  while (out.length < count) {
    const p = draw();
    if (p === null || seen.has(p.key) || isHeldOut(p.key) !== (split === 'test')) {
      if (++misses > 1000 * (count + 10)) throw new Error(`cannot draw ${count} distinct ${split} problems: the problem space is too small`);
      continue;
    }
    seen.add(p.key);
    out.push(p);
  }
  return out;
}
