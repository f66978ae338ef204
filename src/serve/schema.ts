import { z } from 'zod';

/**
 * The /v1/completions request body we accept (the subset of OpenAI's plus vLLM's `top_k`).
 * Unknown fields are ignored, as OpenAI-compatible servers do; known fields are validated.
 */
export const MAX_N = 4096;

export const completionRequest = z.object({
  model: z.string().min(1),
  prompt: z.union([z.string(), z.array(z.string()).min(1).max(64)]),
  n: z.number().int().min(1).max(MAX_N).default(1),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().default(1),
  top_p: z.number().gt(0).max(1).nullable().default(1),
  top_k: z.number().int().min(-1).nullable().optional(),
  max_tokens: z.number().int().min(0).nullable().default(16),
  stop: z.union([z.string(), z.array(z.string()).max(16)]).nullable().optional(),
  logprobs: z.number().int().min(0).max(20).nullable().optional(),
  echo: z.boolean().nullable().default(false),
  stream: z.boolean().nullable().optional(),
});
export type CompletionRequest = z.infer<typeof completionRequest>;
