import { z } from 'zod';

/**
 * The request bodies we accept: the subset of OpenAI's /v1/completions and /v1/chat/completions
 * that a lab model can honour, plus vLLM's `top_k`. Unknown fields are ignored, as OpenAI-compatible
 * servers do; known fields are validated.
 */
export const MAX_N = 4096;

/** Sampling fields both endpoints take, with the same names and defaults. */
const samplingFields = {
  model: z.string().min(1),
  n: z.number().int().min(1).max(MAX_N).default(1),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().default(1),
  top_p: z.number().gt(0).max(1).nullable().default(1),
  top_k: z.number().int().min(-1).nullable().optional(),
  max_tokens: z.number().int().min(0).nullable().default(16),
  stop: z
    .union([z.string(), z.array(z.string()).max(16)])
    .nullable()
    .optional(),
  stream: z.boolean().nullable().optional(),
};

export const completionRequest = z.object({
  ...samplingFields,
  prompt: z.union([z.string(), z.array(z.string()).min(1).max(64)]),
  logprobs: z.number().int().min(0).max(20).nullable().optional(),
  echo: z.boolean().nullable().default(false),
});
export type CompletionRequest = z.infer<typeof completionRequest>;

/** A content part of a chat message: text, or anything else (an image), which a lab model refuses. */
const contentPart = z.object({ type: z.string(), text: z.string().optional() }).passthrough();

export const chatMessage = z.object({
  // `developer` is OpenAI's newer name for the system turn.
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.union([z.string(), z.array(contentPart)]).nullable(),
});

export const chatCompletionRequest = z.object({
  ...samplingFields,
  messages: z.array(chatMessage).min(1),
  // OpenAI's newer name for max_tokens; when both are given it wins, as on OpenAI.
  max_completion_tokens: z.number().int().min(0).nullable().optional(),
  logprobs: z.boolean().nullable().optional(),
  top_logprobs: z.number().int().min(0).max(20).nullable().optional(),
});
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequest>;
