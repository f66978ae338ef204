import { z } from 'zod';
import { MathBenchmark } from './gold.js';

export const MathPolicy = z.enum(['strict', 'paper']);
export type MathPolicy = z.infer<typeof MathPolicy>;

/** One grading request: a full response (extraction runs) or an already extracted `pred`. */
export const GradeRequest = z
  .object({
    response: z.string().optional(),
    pred: z.string().optional(),
    gold: z.string(),
    policy: MathPolicy.default('strict'),
    benchmark: MathBenchmark.optional(),
    /** The problem text: it decides whether a list answer is ordered (strict only). */
    question: z.string().optional(),
  })
  .refine((r) => (r.response === undefined) !== (r.pred === undefined), { message: 'give exactly one of "response" or "pred"' });
export type GradeRequest = z.input<typeof GradeRequest>;

export interface MathVerdict {
  correct: boolean;
  /** The answer found in the response (or the given pred); null when none was found. */
  extracted: string | null;
  /** The comparison layer that decided, or why grading failed. */
  reason: string;
  policy: MathPolicy;
  version: string;
}
