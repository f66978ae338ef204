import { computeAdvantages } from './advantage/index.js';
import { overlongPenalty } from './advantage/dapo.js';
import { overlongFor, type AlgorithmSpec } from './algorithms.js';
import { applyKlToRewards, type KlEstimator } from './kl.js';
import { maskFromLengths, placeOutcomeRewards, type TokenRows } from './tokens.js';

/** One sampled response of an RL step, already verified. */
export interface ScoredRollout {
  /** The prompt it answers (responses sharing a uid form a group). */
  uid: string;
  /** Response token ids, including the EOS token when the model stopped. */
  response: readonly number[];
  /** Verifier verdict: 1 correct, 0 wrong. */
  correct: 0 | 1;
}

export interface StepBatchOptions {
  spec: AlgorithmSpec;
  /** The response budget (DAPO's L_max). */
  maxResponseTokens: number;
  /** Critic values of each response token's prefix (PPO). */
  values?: TokenRows;
  /** Greedy-decode verdict of each response's prompt (ReMax). */
  greedyBaselines?: readonly number[];
  /** KL in the reward: β·KL(ℓ_old, ℓ_ref) is subtracted from every valid token's reward. */
  klInReward?: { oldLogp: TokenRows; refLogp: TokenRows; coef: number; estimator: KlEstimator };
}

export interface StepBatch {
  mask: TokenRows;
  /** The score each response was given (correctness, plus DAPO's overlong penalty). */
  scores: number[];
  tokenRewards: TokenRows;
  advantages: TokenRows;
  returns: TokenRows;
}

/**
 * Turns verified rollouts into the token matrices the losses need (rlvr-algorithms.md §1):
 * the mask covers each response up to and including EOS, the score sits on its last token, KL
 * shaping (if any) applies per token, then the algorithm's estimator runs on the whole batch.
 */
export function buildStepBatch(rollouts: readonly ScoredRollout[], options: StepBatchOptions): StepBatch {
  const lengths = rollouts.map((r) => r.response.length);
  const width = Math.max(1, ...lengths);
  const mask = maskFromLengths(lengths, width);
  const shaping = overlongFor(options.spec, options.maxResponseTokens);
  const scores = rollouts.map((r, i) => r.correct + (shaping ? overlongPenalty(lengths[i], shaping) : 0));
  let tokenRewards = placeOutcomeRewards(scores, mask);
  if (options.klInReward) {
    const k = options.klInReward;
    tokenRewards = applyKlToRewards(tokenRewards, k.oldLogp, k.refLogp, mask, k.coef, k.estimator);
  }
  const uids = rollouts.map((r) => r.uid);
  const { advantages, returns } = computeAdvantages(
    options.spec.estimator,
    { tokenRewards, mask, uids },
    { values: options.values, greedyBaselines: options.greedyBaselines, grpo: { normByStd: options.spec.normByStd } },
  );
  return { mask, scores, tokenRewards, advantages, returns };
}
