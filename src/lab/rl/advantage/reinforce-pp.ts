import { broadcastToTokens, groupIndices, mean, sequenceSums } from '../tokens.js';
import { maskedWhiten, type VarianceConvention } from '../whiten.js';
import { rewardToGo } from './remax.js';
import type { AdvantageInput, AdvantageOutput } from './types.js';

export interface ReinforcePpOptions {
  gamma?: number;
  variance?: VarianceConvention;
}

/**
 * REINFORCE++ (rlvr-algorithms.md §2.5): discounted reward-to-go, whitened over every valid token of
 * the whole batch. There is no per-prompt baseline: an all-wrong group still gets a negative advantage.
 */
export function reinforcePpAdvantages(input: AdvantageInput, options: ReinforcePpOptions = {}): AdvantageOutput {
  const returns = rewardToGo(input.tokenRewards, input.mask, options.gamma ?? 1);
  const { whitened } = maskedWhiten(returns, input.mask, options.variance);
  return { advantages: whitened, returns };
}

/**
 * REINFORCE++-baseline (§2.6): subtract the group mean score, broadcast, then batch-whiten. The
 * whitening re-centres with the token-weighted mean, so all-equal groups get a small non-zero value.
 */
export function reinforcePpBaselineAdvantages(input: AdvantageInput, options: Pick<ReinforcePpOptions, 'variance'> = {}): AdvantageOutput {
  const scores = sequenceSums(input.tokenRewards, input.mask);
  const centred = [...scores];
  for (const idx of groupIndices(input.uids)) {
    const mu = idx.length === 1 ? 0 : mean(idx.map((i) => scores[i]));
    for (const i of idx) centred[i] = scores[i] - mu;
  }
  const returns = broadcastToTokens(centred, input.mask);
  const { whitened } = maskedWhiten(returns, input.mask, options.variance);
  return { advantages: whitened, returns };
}
