import { z } from 'zod';

/** Per-request decoding settings (OpenAI-style names, camelCase). */
export const samplingParamsSchema = z
  .object({
    /** 0 means greedy decoding (argmax; ties go to the lowest id). */
    temperature: z.number().min(0).max(100).default(1),
    /** Nucleus sampling: keep the smallest set of most likely tokens whose mass reaches topP. */
    topP: z.number().gt(0).max(1).default(1),
    /** Keep only the topK most likely tokens (0 = no limit). */
    topK: z.number().int().min(0).default(0),
    /** Tokens to generate at most (also capped by the model context). */
    maxTokens: z.number().int().min(0),
    /** Generation stops after any of these token ids (it is kept as the last token). */
    stopTokens: z.array(z.number().int().min(0)).default([]),
    /** Generation stops once the output ends with any of these token sequences. */
    stopSequences: z.array(z.array(z.number().int().min(0)).min(1)).default([]),
  })
  .strict();

export type SamplingParams = z.output<typeof samplingParamsSchema>;
export type SamplingParamsInput = z.input<typeof samplingParamsSchema>;
