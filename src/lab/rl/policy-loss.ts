import { aggregationWeights, type AggregationOptions, type LossAggregation } from './aggregate.js';
import type { TokenRows } from './tokens.js';

export interface ClipSettings {
  /** ε_lo (verl clip_ratio_low, default 0.2). */
  clipLow: number;
  /** ε_hi (verl clip_ratio_high, default 0.2; DAPO 0.28). */
  clipHigh: number;
  /** Dual-clip constant c > 1 (verl default 3; DAPO 10); null disables it. */
  dualClip: number | null;
}

export const VERL_CLIP: ClipSettings = { clipLow: 0.2, clipHigh: 0.2, dualClip: 3 };

export interface TokenPolicyLoss {
  loss: number;
  /** Whether the gradient flows through this token (the unclipped branch is active). */
  gradientFlows: boolean;
  /** The standard clip won (v > u). */
  clipped: boolean;
  /** The dual clip capped a negative-advantage token. */
  dualClipped: boolean;
}

/** verl's `vanilla` per-token policy loss (rlvr-algorithms.md §1.4) for advantage A and ratio ρ. */
export function tokenPolicyLoss(advantage: number, ratio: number, clip: ClipSettings): TokenPolicyLoss {
  const unclipped = -advantage * ratio;
  const clippedRatio = Math.min(Math.max(ratio, 1 - clip.clipLow), 1 + clip.clipHigh);
  const clippedLoss = -advantage * clippedRatio;
  const clipped = clippedLoss > unclipped;
  const q = clipped ? clippedLoss : unclipped;
  if (clip.dualClip !== null && advantage < 0) {
    const cap = -clip.dualClip * advantage;
    if (cap < q) return { loss: cap, gradientFlows: false, clipped, dualClipped: true };
  }
  return { loss: q, gradientFlows: !clipped, clipped, dualClipped: false };
}

/** ρ = exp(clamp(ℓ − ℓ_old, ±20)). */
export function importanceRatio(logp: number, oldLogp: number): number {
  return Math.exp(Math.min(Math.max(logp - oldLogp, -20), 20));
}

export interface PolicyLossInput {
  advantages: TokenRows;
  logp: TokenRows;
  oldLogp: TokenRows;
  mask: TokenRows;
  clip: ClipSettings;
  aggregation: LossAggregation;
  aggregationOptions?: AggregationOptions;
}

export interface PolicyLossResult {
  /** L_pg = Agg(ℓpg). */
  loss: number;
  /** ∂L_pg/∂ℓ per token: −A·ρ·w where the gradient flows, 0 elsewhere (w = aggregation weight). */
  logpGradient: TokenRows;
  clipFraction: number;
  dualClipFraction: number;
  /** Mean over valid tokens of ℓ_old − ℓ. */
  approxKl: number;
}

/**
 * The aggregated clipped policy loss of a mini-batch and its derivative with respect to each
 * sampled token's log-prob. Because ∂(−A·ρ)/∂ℓ = −A·ρ, the whole RL gradient is a per-token
 * weighted log-likelihood gradient — exactly what the model's backward pass consumes.
 */
export function policyLoss(input: PolicyLossInput): PolicyLossResult {
  const w = aggregationWeights(input.mask, input.aggregation, input.aggregationOptions);
  let loss = 0;
  let tokens = 0;
  let clippedCount = 0;
  let dualCount = 0;
  let klSum = 0;
  const logpGradient = input.mask.map((row, i) =>
    row.map((m, t) => {
      if (m === 0) return 0;
      const ratio = importanceRatio(input.logp[i][t], input.oldLogp[i][t]);
      const a = input.advantages[i][t];
      const tok = tokenPolicyLoss(a, ratio, input.clip);
      loss += w[i][t] * tok.loss;
      tokens += 1;
      if (tok.clipped) clippedCount += 1;
      if (tok.dualClipped) dualCount += 1;
      klSum += input.oldLogp[i][t] - input.logp[i][t];
      return tok.gradientFlows ? -a * ratio * w[i][t] : 0;
    }),
  );
  const denom = Math.max(tokens, 1);
  return { loss, logpGradient, clipFraction: clippedCount / denom, dualClipFraction: dualCount / denom, approxKl: klSum / denom };
}
