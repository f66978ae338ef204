import type { TokenRows } from '../tokens.js';
import type { AdvantageInput, AdvantageOutput } from './types.js';

/** Reward-to-go with γ = 1 over valid tokens: G[t] = Σ_{t' ≥ t} m·r. */
export function rewardToGo(tokenRewards: TokenRows, mask: TokenRows, gamma = 1): TokenRows {
  return tokenRewards.map((row, i) => {
    const out = new Array<number>(row.length).fill(0);
    let running = 0;
    for (let t = row.length - 1; t >= 0; t--) {
      // Reset after the last valid token: padding contributes nothing and carries nothing.
      running = mask[i][t] > 0 ? row[t] + gamma * running : 0;
      out[t] = running;
    }
    return out;
  });
}

/**
 * ReMax (rlvr-algorithms.md §2.4): reward-to-go minus the verifier score of one greedy decode of
 * the same prompt. `greedyBaselines[i]` is that score for response i's prompt. No normalisation.
 */
export function remaxAdvantages(input: AdvantageInput & { greedyBaselines: readonly number[] }): AdvantageOutput {
  const returns = rewardToGo(input.tokenRewards, input.mask);
  const advantages = returns.map((row, i) => row.map((g, t) => (g - input.greedyBaselines[i]) * input.mask[i][t]));
  return { advantages, returns };
}
