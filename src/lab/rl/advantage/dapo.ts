import { groupIndices, mean } from '../tokens.js';

export interface OverlongShaping {
  /** L_max: the maximum response length. */
  maxLength: number;
  /** Lb: the soft buffer before L_max where the penalty ramps from 0 to −κ. */
  bufferLength: number;
  /** κ: the penalty at L_max. */
  penaltyFactor: number;
}

/**
 * DAPO's overlong reward shaping (rlvr-algorithms.md §2.7 item 4): 0 up to L_max − Lb tokens,
 * then falling linearly to −κ at L_max.
 */
export function overlongPenalty(length: number, shaping: OverlongShaping): number {
  const { maxLength, bufferLength, penaltyFactor } = shaping;
  return Math.min((-(length - (maxLength - bufferLength)) / bufferLength) * penaltyFactor, 0);
}

/**
 * DAPO dynamic sampling (§2.7 item 3): keep a group iff its metric (correctness by default) has a
 * non-zero population std, or it has a single member. Returns the uids of kept groups, in order.
 */
export function dapoKeptGroups(metric: readonly number[], uids: readonly string[]): string[] {
  const kept: string[] = [];
  for (const idx of groupIndices(uids)) {
    const vals = idx.map((i) => metric[i]);
    const mu = mean(vals);
    const popVar = vals.reduce((s, v) => s + (v - mu) ** 2, 0) / vals.length;
    if (idx.length === 1 || popVar > 0) kept.push(uids[idx[0]]);
  }
  return kept;
}
