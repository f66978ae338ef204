import type { TokenRows } from '../tokens.js';

/** What every advantage estimator receives: the whole step batch (rlvr-algorithms.md §2). */
export interface AdvantageInput {
  /** Token rewards r[i][t]: the verifier score on the last valid token, plus any KL-in-reward shaping. */
  tokenRewards: TokenRows;
  /** Response mask (1 = generated token incl. EOS). */
  mask: TokenRows;
  /** Prompt id per response; responses sharing a uid form a group. */
  uids: readonly string[];
}

export interface AdvantageOutput {
  /** A[i][t], zero on padding. */
  advantages: TokenRows;
  /** Returns R[i][t] (critic targets for GAE; the estimator's own returns otherwise). */
  returns: TokenRows;
}
