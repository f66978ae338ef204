import type { TokenRows } from './tokens.js';

/**
 * verl's `loss_agg_mode` values (rlvr-algorithms.md §1.5), plus TRL's Dr. GRPO normalisation.
 * - token-mean: Σ m·z / Σ m (default; DAPO's token-level loss)
 * - seq-mean-token-mean: mean over sequences of each sequence's token mean (original GRPO)
 * - seq-mean-token-sum: mean over sequences of each sequence's token sum
 * - seq-mean-token-sum-norm: Σ m·z / K, K = scale factor or the padded width (verl's Dr. GRPO; no ÷S)
 * - trl-dr-grpo: Σ m·z / (S · K)
 */
export type LossAggregation = 'token-mean' | 'seq-mean-token-mean' | 'seq-mean-token-sum' | 'seq-mean-token-sum-norm' | 'trl-dr-grpo';

export const LOSS_AGGREGATIONS: readonly LossAggregation[] = [
  'token-mean',
  'seq-mean-token-mean',
  'seq-mean-token-sum',
  'seq-mean-token-sum-norm',
  'trl-dr-grpo',
];

export interface AggregationOptions {
  /** K for the `*-norm` modes; defaults to the padded width. */
  scaleFactor?: number;
}

/**
 * Per-token weights w so that Agg(z) = Σ w·z over a mini-batch. The gradient of an aggregated
 * loss with respect to a token's loss is exactly its weight, which is how the trainer turns
 * per-token loss derivatives into the backward pass's per-token weights.
 */
export function aggregationWeights(mask: TokenRows, mode: LossAggregation, options: AggregationOptions = {}): TokenRows {
  const lengths = mask.map((row) => row.reduce((s, m) => s + m, 0));
  const totalTokens = lengths.reduce((s, l) => s + l, 0);
  // Sequences with no valid token do not count in S (verl HEAD).
  const sequences = lengths.filter((l) => l > 0).length;
  const width = mask[0]?.length ?? 0;
  const k = options.scaleFactor ?? width;
  return mask.map((row, i) =>
    row.map((m) => {
      if (m === 0 || lengths[i] === 0) return 0;
      switch (mode) {
        case 'token-mean':
          return m / totalTokens;
        case 'seq-mean-token-mean':
          return m / (sequences * lengths[i]);
        case 'seq-mean-token-sum':
          return m / sequences;
        case 'seq-mean-token-sum-norm':
          return m / k;
        case 'trl-dr-grpo':
          return m / (sequences * k);
      }
    }),
  );
}

/** Agg(z) over a mini-batch of per-token values. */
export function aggregateLoss(z: TokenRows, mask: TokenRows, mode: LossAggregation, options: AggregationOptions = {}): number {
  const w = aggregationWeights(mask, mode, options);
  let total = 0;
  z.forEach((row, i) => row.forEach((v, t) => (total += w[i][t] === 0 ? 0 : w[i][t] * v)));
  return total;
}
