import { broadcastToTokens, groupIndices, mean, sequenceSums, unbiasedStd } from '../tokens.js';
import type { AdvantageInput, AdvantageOutput } from './types.js';

export interface GrpoOptions {
  /** Divide by the group std (verl `norm_adv_by_std_in_grpo`, default true); false = Dr. GRPO advantage. */
  normByStd?: boolean;
  /** Added to the group std: verl 1e-6 (default), TRL 1e-4, OpenRLHF 1e-9. */
  epsilon?: number;
}

/**
 * GRPO per-response advantages (rlvr-algorithms.md §2.2): score minus the group mean, optionally
 * divided by the unbiased group std. A singleton group uses mean 0 and std 1.
 */
export function grpoScalars(scores: readonly number[], uids: readonly string[], options: GrpoOptions = {}): number[] {
  const normByStd = options.normByStd ?? true;
  const eps = options.epsilon ?? 1e-6;
  const out = new Array<number>(scores.length).fill(0);
  for (const idx of groupIndices(uids)) {
    const group = idx.map((i) => scores[i]);
    const [mu, sd] = group.length === 1 ? [0, 1] : [mean(group), unbiasedStd(group)];
    for (const i of idx) out[i] = normByStd ? (scores[i] - mu) / (sd + eps) : scores[i] - mu;
  }
  return out;
}

/** GRPO advantages broadcast to tokens; the score is the per-response sum of token rewards. */
export function grpoAdvantages(input: AdvantageInput, options: GrpoOptions = {}): AdvantageOutput {
  const scalars = grpoScalars(sequenceSums(input.tokenRewards, input.mask), input.uids, options);
  const advantages = broadcastToTokens(scalars, input.mask);
  return { advantages, returns: advantages };
}
