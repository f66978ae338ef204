import { z } from 'zod';

/**
 * The multi-step arithmetic difficulty knob: how many operands an expression has. Every value
 * computed along the way stays in 0..maxValue.
 */
export const ArithmeticSettings = z
  .object({
    operands: z.number().int().min(2).max(7),
    maxNumber: z.number().int().min(2).max(99),
    maxValue: z.number().int().min(10).max(99_999),
    /** Share of base-corpus examples that are standalone arithmetic facts `a op b=c`. */
    factShare: z.number().min(0).max(1),
  })
  .strict();
export type ArithmeticSettings = z.infer<typeof ArithmeticSettings>;

export const ARITHMETIC_DIFFICULTY = {
  easy: { operands: 3, maxNumber: 9, maxValue: 999, factShare: 0.25 },
  default: { operands: 4, maxNumber: 9, maxValue: 999, factShare: 0.25 },
  hard: { operands: 5, maxNumber: 9, maxValue: 999, factShare: 0.25 },
} as const satisfies Record<string, ArithmeticSettings>;
