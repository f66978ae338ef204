import type { TaskProblem } from '../../tasks/task.js';
import type { ClipSettings } from '../policy-loss.js';
import type { TokenRows } from '../tokens.js';

/** What one policy update shows a per-token intervention (all rows of the update's mini-batch). */
export interface TokenUpdate {
  /** RL step (1-based) and the update's index within it (mini-batch × epoch order). */
  step: number;
  update: number;
  logp: TokenRows;
  /** ℓ_old; equal to ℓ on the first, on-policy update of a step. */
  oldLogp: TokenRows;
  advantages: TokenRows;
  mask: TokenRows;
}

/** A per-token change to the policy gradient: a factor on it, and/or a penalty added to the loss. */
export interface TokenAdjustment {
  /** Multiplies each token's policy-gradient term (0 = detached, Clip-Cov). */
  keep?: TokenRows;
  /** Per-token loss terms and their ∂/∂ℓ, before aggregation weights (KL-Cov). */
  penalty?: { value: TokenRows; gradient: TokenRows };
}

/**
 * The places where the follow-up interventions (docs/lab.md §8) enter the shared RL loop. Each is
 * optional; with none set the trainer is exactly the paper's algorithm.
 */
export interface RlHooks {
  /** The prompts of a step instead of the shuffled pass over the training set (curricula, data selection). */
  prompts?: (step: number, count: number) => TaskProblem[];
  /** Per-response advantages from the verdicts (1/0) and group ids, replacing the algorithm's estimator. */
  advantages?: (correct: readonly number[], uids: readonly string[], step: number) => number[];
  /** Per-token change of each policy update (entropy interventions). */
  tokenAdjust?: (u: TokenUpdate) => TokenAdjustment;
  /** Replaces the algorithm's clip settings (ProRL's clip-higher). */
  clip?: ClipSettings;
  /** Every this many steps the KL reference is reset to the current policy and AdamW restarts (ProRL). */
  referenceResetEvery?: number;
}
