import { aggregationWeights, type AggregationOptions, type LossAggregation } from './aggregate.js';
import type { TokenRows } from './tokens.js';

/**
 * PPO's clipped value loss for one token (rlvr-algorithms.md §1.6), including the ½:
 * ½·max((V − R)², (clip(V, V_old ± c) − R)²). `gradient` is ∂loss/∂V (0 when the clipped branch wins).
 */
export function tokenValueLoss(value: number, oldValue: number, ret: number, clipRange: number): { loss: number; gradient: number } {
  const clippedValue = Math.min(Math.max(value, oldValue - clipRange), oldValue + clipRange);
  const unclipped = (value - ret) ** 2;
  const clipped = (clippedValue - ret) ** 2;
  if (clipped > unclipped) return { loss: 0.5 * clipped, gradient: 0 };
  return { loss: 0.5 * unclipped, gradient: value - ret };
}

/** The aggregated critic loss of a mini-batch and ∂L/∂V per token (aggregation weights applied). */
export function valueLoss(
  values: TokenRows,
  oldValues: TokenRows,
  returns: TokenRows,
  mask: TokenRows,
  clipRange: number,
  aggregation: LossAggregation,
  aggregationOptions?: AggregationOptions,
): { loss: number; valueGradient: TokenRows } {
  const w = aggregationWeights(mask, aggregation, aggregationOptions);
  let loss = 0;
  const valueGradient = mask.map((row, i) =>
    row.map((m, t) => {
      if (m === 0) return 0;
      const tok = tokenValueLoss(values[i][t], oldValues[i][t], returns[i][t], clipRange);
      loss += w[i][t] * tok.loss;
      return w[i][t] * tok.gradient;
    }),
  );
  return { loss, valueGradient };
}
