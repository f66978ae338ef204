import { z } from 'zod';

/**
 * The countdown-lite difficulty knob. Default = lab-prototype.md's configuration "b9" (4 numbers
 * in 1..9, targets 10..99), the one that reproduced every finding; `hard` is its §2.7 variant.
 */
export const CountdownSettings = z
  .object({
    count: z.number().int().min(2).max(5),
    maxNumber: z.number().int().min(2).max(50),
    minTarget: z.number().int().min(0),
    maxTarget: z.number().int().min(1).max(9999),
    /** Share of base-corpus examples that are standalone arithmetic facts `a op b=c`. */
    factShare: z.number().min(0).max(1),
  })
  .strict()
  .refine((s) => s.minTarget <= s.maxTarget, { message: 'minTarget must be ≤ maxTarget', path: ['minTarget'] });
export type CountdownSettings = z.infer<typeof CountdownSettings>;

export const COUNTDOWN_DIFFICULTY = {
  easy: { count: 3, maxNumber: 9, minTarget: 10, maxTarget: 99, factShare: 0.25 },
  default: { count: 4, maxNumber: 9, minTarget: 10, maxTarget: 99, factShare: 0.25 },
  hard: { count: 4, maxNumber: 12, minTarget: 10, maxTarget: 199, factShare: 0.25 },
} as const satisfies Record<string, CountdownSettings>;
