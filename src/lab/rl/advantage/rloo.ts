import { broadcastToTokens, groupIndices, sequenceSums } from '../tokens.js';
import type { AdvantageInput, AdvantageOutput } from './types.js';

/**
 * RLOO per-response advantages (rlvr-algorithms.md §2.3): score minus the mean of the *other*
 * members of its group. Singleton group: the score itself.
 */
export function rlooScalars(scores: readonly number[], uids: readonly string[]): number[] {
  const out = [...scores];
  for (const idx of groupIndices(uids)) {
    if (idx.length === 1) continue;
    const total = idx.reduce((s, i) => s + scores[i], 0);
    for (const i of idx) out[i] = scores[i] - (total - scores[i]) / (idx.length - 1);
  }
  return out;
}

export function rlooAdvantages(input: AdvantageInput): AdvantageOutput {
  const scalars = rlooScalars(sequenceSums(input.tokenRewards, input.mask), input.uids);
  const advantages = broadcastToTokens(scalars, input.mask);
  return { advantages, returns: advantages };
}
