import { z } from 'zod';

/** What the allocation tries to pin down (docs/adaptive.md, "Targets"). */
export const ADAPTIVE_TARGETS = ['pass_at_k', 'crossover', 'coverage', 'delta_se'] as const;
export type AdaptiveTarget = (typeof ADAPTIVE_TARGETS)[number];

/**
 * The settings of one adaptive allocation, as a study file (`sampling.adaptive`), the CLI and the
 * lab give them. Validated here, once, for every entry point.
 */
export const adaptiveConfigSchema = z
  .object({
    /** Samples every problem gets before any allocation (the pilot, n0). */
    pilot: z
      .number()
      .int()
      .min(1)
      .max(1 << 20)
      .default(16),
    /** Per-problem cap: the uniform protocol's n, which is also the largest k reported. */
    n_max: z
      .number()
      .int()
      .min(1)
      .max(1 << 24),
    /** Total samples as a fraction of the uniform budget n_max × problems × models. */
    budget: z.number().gt(0, 'must be in (0, 1]').max(1, 'must be in (0, 1]').default(0.3),
    /** Full width of the 95 % interval of the sampling-noise part of each target at which it counts as met. */
    width: z.number().gt(0).max(1).default(0.01),
    targets: z
      .array(z.enum(ADAPTIVE_TARGETS))
      .min(1)
      .default([...ADAPTIVE_TARGETS]),
    /** The largest k (default n_max): pass@k, ΔSE and coverage are taken there. */
    k: z.number().int().min(1).optional(),
    /** Index (in the caller's model order) of the base model for crossover and ΔSE. */
    base: z.number().int().min(0).default(0),
  })
  .strict()
  .refine((c) => c.pilot <= c.n_max, { message: 'pilot must not exceed n_max', path: ['pilot'] });

export type AdaptiveConfigInput = z.input<typeof adaptiveConfigSchema>;

export interface AdaptiveConfig {
  pilot: number;
  nMax: number;
  budget: number;
  width: number;
  targets: readonly AdaptiveTarget[];
  k: number;
  base: number;
}

export function resolveAdaptiveConfig(input: z.output<typeof adaptiveConfigSchema>): AdaptiveConfig {
  return {
    pilot: input.pilot,
    nMax: input.n_max,
    budget: input.budget,
    width: input.width,
    targets: [...new Set(input.targets)],
    k: input.k ?? input.n_max,
    base: input.base,
  };
}
