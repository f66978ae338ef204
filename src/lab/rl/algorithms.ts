import { z } from 'zod';
import type { LossAggregation } from './aggregate.js';
import type { AdvantageEstimator } from './advantage/index.js';
import type { OverlongShaping } from './advantage/dapo.js';
import type { ClipSettings } from './policy-loss.js';

/** The six algorithms the paper compares, plus Dr. GRPO. */
export const ALGORITHMS = ['grpo', 'ppo', 'rloo', 'remax', 'reinforce++', 'dapo', 'dr-grpo'] as const;
export type AlgorithmName = (typeof ALGORITHMS)[number];
/** The six of the paper's Table 2 (what `--algos all` runs). */
export const PAPER_ALGORITHMS: readonly AlgorithmName[] = ['grpo', 'ppo', 'rloo', 'remax', 'reinforce++', 'dapo'];

export const AlgorithmNameSchema = z.enum(ALGORITHMS);

/** What distinguishes one algorithm from another inside the shared trainer (rlvr-algorithms.md §2). */
export interface AlgorithmSpec {
  name: AlgorithmName;
  estimator: AdvantageEstimator;
  normByStd: boolean;
  clip: ClipSettings;
  aggregation: LossAggregation;
  /** DAPO: drop all-correct / all-wrong groups and regenerate until the batch is full. */
  dynamicSampling: boolean;
  /** DAPO: soft overlong penalty (as a fraction of the response budget), or null. */
  overlongBuffer: number | null;
  /** PPO: train a critic with GAE targets. */
  critic: boolean;
  /** ReMax: one greedy decode per prompt as the baseline. */
  greedyBaseline: boolean;
}

/**
 * verl's settings per algorithm: dual clip c = 3 everywhere except DAPO's recipe (c = 10,
 * clip-higher 0.2/0.28); token-mean aggregation except Dr. GRPO (sum ÷ constant, no std).
 */
export function algorithmSpec(name: AlgorithmName): AlgorithmSpec {
  const base: AlgorithmSpec = {
    name,
    estimator: 'grpo',
    normByStd: true,
    clip: { clipLow: 0.2, clipHigh: 0.2, dualClip: 3 },
    aggregation: 'token-mean',
    dynamicSampling: false,
    overlongBuffer: null,
    critic: false,
    greedyBaseline: false,
  };
  switch (name) {
    case 'grpo':
      return base;
    case 'dr-grpo':
      return { ...base, normByStd: false, aggregation: 'seq-mean-token-sum-norm' };
    case 'ppo':
      return { ...base, estimator: 'gae', critic: true };
    case 'rloo':
      return { ...base, estimator: 'rloo' };
    case 'remax':
      return { ...base, estimator: 'remax', greedyBaseline: true };
    case 'reinforce++':
      return { ...base, estimator: 'reinforce++' };
    case 'dapo':
      return { ...base, clip: { clipLow: 0.2, clipHigh: 0.28, dualClip: 10 }, dynamicSampling: true, overlongBuffer: 0.25 };
  }
}

/** Overlong shaping for a response budget, from the spec's buffer fraction (κ = 1). */
export function overlongFor(spec: AlgorithmSpec, maxResponseTokens: number): OverlongShaping | null {
  if (spec.overlongBuffer === null) return null;
  return { maxLength: maxResponseTokens, bufferLength: Math.max(1, Math.round(maxResponseTokens * spec.overlongBuffer)), penaltyFactor: 1 };
}
