/**
 * The RLVR signal split by the sign of the reward (Zhu et al., arXiv 2506.01347): rewards are ±1
 * (correct / wrong) and the objective is plain REINFORCE without a baseline, so it falls apart into
 * positive-sample reinforcement (PSR: only correct responses, pushed up) and negative-sample
 * reinforcement (NSR: only wrong ones, pushed down). Weighted-REINFORCE keeps both and scales
 * the positive part by λ (the paper's recommended λ = 0.1).
 */
export type SignSplitMode = 'psr' | 'nsr' | 'w-reinforce';

/** Per-response advantage: +1·(weight) for a correct response, −1 for a wrong one, 0 for the part left out. */
export function signSplitScalars(correct: readonly number[], mode: SignSplitMode, positiveWeight = 0.1): number[] {
  return correct.map((c) => {
    const positive = c > 0;
    switch (mode) {
      case 'psr':
        return positive ? 1 : 0;
      case 'nsr':
        return positive ? 0 : -1;
      case 'w-reinforce':
        return positive ? positiveWeight : -1;
    }
  });
}
