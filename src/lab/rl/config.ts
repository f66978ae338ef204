import { z } from 'zod';
import { LOSS_AGGREGATIONS } from './aggregate.js';
import { AlgorithmNameSchema } from './algorithms.js';
import { KL_ESTIMATORS } from './kl.js';

/**
 * Settings of one RL run. Defaults are lab-prototype.md's recipe that reproduced the paper's
 * findings (32 prompts × 8 rollouts at T = 1.0, constant lr 5e-5, no KL, one on-policy update per
 * step so ρ ≡ 1 as in the paper's verl setting).
 */
export const RlConfigSchema = z
  .object({
    algorithm: AlgorithmNameSchema.default('grpo'),
    steps: z.number().int().min(1).default(150),
    promptsPerStep: z.number().int().min(1).default(32),
    groupSize: z.number().int().min(1).default(8),
    /** Optimizer steps per RL step = miniBatches × epochs (1 × 1 = fully on-policy). */
    miniBatches: z.number().int().min(1).default(1),
    epochs: z.number().int().min(1).default(1),
    learningRate: z.number().positive().default(5e-5),
    criticLearningRate: z.number().positive().default(1.5e-4),
    weightDecay: z.number().min(0).default(0),
    gradClip: z.number().positive().default(1),
    temperature: z.number().positive().default(1),
    maxResponseTokens: z.number().int().min(1).default(40),
    /** Overrides of the algorithm's loss aggregation. */
    aggregation: z.enum(LOSS_AGGREGATIONS as [string, ...string[]]).optional(),
    entropyCoef: z.number().min(0).default(0),
    kl: z
      .object({
        placement: z.enum(['off', 'reward', 'loss']).default('off'),
        estimator: z.enum(KL_ESTIMATORS as [string, ...string[]]).default('k3'),
        coef: z.number().min(0).default(0.001),
      })
      .strict()
      .default({ placement: 'off', estimator: 'k3', coef: 0.001 }),
    /** DAPO: maximum generation rounds per step while filling the batch with mixed groups. */
    maxGenerationRounds: z.number().int().min(1).default(5),
    /** Steps at which to keep a checkpoint (the last step is always kept). */
    checkpointSteps: z.array(z.number().int().min(1)).default([]),
    seed: z.number().int().default(0),
  })
  .strict();
export type RlConfig = z.output<typeof RlConfigSchema>;
export type RlConfigInput = z.input<typeof RlConfigSchema>;
