import { z } from 'zod';

export const warmupCosineSchema = z
  .object({
    peakLr: z.number().positive(),
    /** Steps of linear warm-up from peakLr/warmupSteps to peakLr. */
    warmupSteps: z.number().int().min(0),
    totalSteps: z.number().int().min(1),
    /** Final learning rate as a fraction of the peak (the prototype decays to 10%). */
    minLrRatio: z.number().min(0).max(1).default(0.1),
  })
  .strict();

export type WarmupCosine = z.input<typeof warmupCosineSchema>;

/**
 * Learning rate for 0-based `step`: linear warm-up over `warmupSteps`, then a half cosine from
 * peakLr down to minLrRatio·peakLr at `totalSteps − 1` (and held there after).
 */
export function warmupCosineLr(schedule: WarmupCosine, step: number): number {
  const s = warmupCosineSchema.parse(schedule);
  const minLr = s.peakLr * s.minLrRatio;
  if (step < s.warmupSteps) return (s.peakLr * (step + 1)) / s.warmupSteps;
  const span = s.totalSteps - 1 - s.warmupSteps;
  if (span <= 0) return s.peakLr;
  const progress = Math.min(1, (step - s.warmupSteps) / span);
  return minLr + 0.5 * (s.peakLr - minLr) * (1 + Math.cos(Math.PI * progress));
}

/** A constant learning rate (the RL recipes use one). */
export function constantLr(lr: number): (step: number) => number {
  return () => lr;
}
