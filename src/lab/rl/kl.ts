import { forwardKlGradient, forwardKlValue } from './followups/forward-kl.js';
import type { TokenRows } from './tokens.js';

/**
 * Per-token estimators of KL(π ‖ π_ref) from the sampled token (rlvr-algorithms.md §1.3), with
 * d = ℓ − ℓ_ref. `k1+` / `k3+` are straight-through: the value of k1 / k3 with the gradient of k2.
 * `forward` estimates the other direction, KL(π_ref ‖ π) (SELF's regulariser, followups/forward-kl.ts).
 */
export type KlEstimator = 'k1' | 'abs' | 'k2' | 'k3' | 'k1+' | 'k3+' | 'forward';

export const KL_ESTIMATORS: readonly KlEstimator[] = ['k1', 'abs', 'k2', 'k3', 'k1+', 'k3+', 'forward'];

function k3Value(logp: number, refLogp: number): number {
  // verl's low_var_kl: clamp the log-ratio to ±20 before exp, the result to ±10.
  const logRatio = Math.min(Math.max(refLogp - logp, -20), 20);
  return Math.min(Math.max(Math.exp(logRatio) - logRatio - 1, -10), 10);
}

/** The estimator's value for one token. */
export function klValue(estimator: KlEstimator, logp: number, refLogp: number): number {
  const d = logp - refLogp;
  switch (estimator) {
    case 'k1':
    case 'k1+':
      return d;
    case 'abs':
      return Math.abs(d);
    case 'k2':
      return 0.5 * d * d;
    case 'k3':
    case 'k3+':
      return k3Value(logp, refLogp);
    case 'forward':
      return forwardKlValue(logp, refLogp);
  }
}

/** ∂ value / ∂ℓ for one token (what KL-in-loss backpropagates into the current log-prob). */
export function klGradient(estimator: KlEstimator, logp: number, refLogp: number): number {
  const d = logp - refLogp;
  switch (estimator) {
    case 'k1':
      return 1;
    case 'abs':
      return d > 0 ? 1 : d < 0 ? -1 : 0;
    case 'k2':
    case 'k1+':
    case 'k3+':
      return d;
    case 'k3': {
      const logRatio = refLogp - logp;
      if (logRatio <= -20 || logRatio >= 20) return 0;
      const value = Math.exp(logRatio) - logRatio - 1;
      if (value >= 10) return 0;
      return 1 - Math.exp(logRatio);
    }
    case 'forward':
      return forwardKlGradient(logp, refLogp);
  }
}

/**
 * KL in the reward (§1.3): r ← r − β·KL(ℓ_old, ℓ_ref)·m on every valid token. No gradient flows;
 * outcome estimators then see the per-response sum as the score.
 */
export function applyKlToRewards(
  tokenRewards: TokenRows,
  oldLogp: TokenRows,
  refLogp: TokenRows,
  mask: TokenRows,
  beta: number,
  estimator: KlEstimator,
): TokenRows {
  return tokenRewards.map((row, i) => row.map((r, t) => (mask[i][t] > 0 ? r - beta * klValue(estimator, oldLogp[i][t], refLogp[i][t]) * mask[i][t] : r)));
}

/**
 * verl's adaptive KL coefficient: β ← β·(1 + clip(KL̄/target − 1, ±0.2)·N/horizon), where KL̄ is
 * the batch mean of per-sequence token-mean KL and N the number of responses.
 */
export class AdaptiveKlController {
  constructor(
    public beta: number,
    readonly target = 0.1,
    readonly horizon = 10_000,
  ) {}
  update(meanKl: number, responses: number): number {
    const error = Math.min(Math.max(meanKl / this.target - 1, -0.2), 0.2);
    this.beta *= 1 + (error * responses) / this.horizon;
    return this.beta;
  }
}
