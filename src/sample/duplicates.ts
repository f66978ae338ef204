import { createHash } from 'node:crypto';

/**
 * Duplicate check: at temperature > 0, two byte-identical samples of one problem almost always
 * mean the server reused a seed or ignored it (vLLM's default engine seed, servers that drop the
 * seed field). Hashes keep memory small for long texts.
 */
export interface DuplicateStats {
  total: number;
  distinct: number;
  /** Samples identical to an earlier sample of the same problem. */
  duplicates: number;
}

export function duplicateStats(texts: Iterable<string>): DuplicateStats {
  const seen = new Set<string>();
  let total = 0;
  for (const t of texts) {
    total++;
    seen.add(createHash('sha1').update(t).digest('base64'));
  }
  return { total, distinct: seen.size, duplicates: total - seen.size };
}
