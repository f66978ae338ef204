import { createHash } from 'node:crypto';

/**
 * Duplicate check: at temperature > 0, two byte-identical long samples of one problem almost
 * always mean the server reused a seed or ignored it (vLLM's default engine seed, servers that
 * drop the seed field). Short answers repeat legitimately ("42"), so the length of what repeats is
 * kept too. Hashes keep memory small for long texts.
 */
export interface DuplicateStats {
  total: number;
  distinct: number;
  /** Samples identical to an earlier sample of the same problem. */
  duplicates: number;
  /** UTF-8 length of the longest text that occurs more than once (0 if none). */
  longestRepeatedBytes: number;
}

export function duplicateStats(texts: Iterable<string>): DuplicateStats {
  const seen = new Set<string>();
  let total = 0;
  let longestRepeatedBytes = 0;
  for (const t of texts) {
    total++;
    const h = createHash('sha1').update(t).digest('base64');
    if (seen.has(h)) longestRepeatedBytes = Math.max(longestRepeatedBytes, Buffer.byteLength(t));
    else seen.add(h);
  }
  return { total, distinct: seen.size, duplicates: total - seen.size, longestRepeatedBytes };
}
