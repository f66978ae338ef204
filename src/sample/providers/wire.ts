import { z } from 'zod';
import { RequestFailure } from '../http/request-failure.js';
import type { GeneratedChoice, TokenLogprobs } from '../types.js';

/**
 * Zod schemas for the parts of OpenAI-compatible responses we read. Lenient on extra fields
 * (every server adds its own), strict on the ones we use: a body that parses as JSON but lacks
 * them counts as malformed and is retried like a truncated one.
 */

const completionLogprobs = z
  .object({
    tokens: z.array(z.string()).optional(),
    token_logprobs: z.array(z.number().nullable()).optional(),
    top_logprobs: z.array(z.record(z.string(), z.number()).nullable()).nullable().optional(),
    text_offset: z.array(z.number()).optional(),
  })
  .nullable()
  .optional();

const usage = z.object({ prompt_tokens: z.number().nullable().optional(), completion_tokens: z.number().nullable().optional() }).nullable().optional();

export const completionResponse = z.object({
  model: z.string().default(''),
  choices: z.array(
    z.object({
      index: z.number().int().default(0),
      text: z.string(),
      finish_reason: z.string().nullable().optional(),
      stop_reason: z.union([z.string(), z.number()]).nullable().optional(),
      logprobs: completionLogprobs,
    }),
  ),
  usage,
});
export type CompletionResponse = z.infer<typeof completionResponse>;

export const chatResponse = z.object({
  model: z.string().default(''),
  choices: z.array(
    z.object({
      index: z.number().int().default(0),
      message: z.object({ content: z.string().nullable() }),
      finish_reason: z.string().nullable().optional(),
      stop_reason: z.union([z.string(), z.number()]).nullable().optional(),
      logprobs: z
        .object({
          content: z
            .array(z.object({ token: z.string(), logprob: z.number() }))
            .nullable()
            .optional(),
        })
        .nullable()
        .optional(),
    }),
  ),
  usage,
});

export const modelsResponse = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      // vLLM reports the context length here; llama.cpp and others do not.
      max_model_len: z.number().int().nullable().optional(),
    }),
  ),
});

/** Parses a body with a schema, turning a mismatch into a retryable `malformed` failure. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new RequestFailure('malformed', `${what}: unexpected response shape at "${issue?.path.join('.') ?? ''}": ${issue?.message ?? ''}`);
  }
  return r.data;
}

/** Choices sorted by index, with per-choice token counts where the server makes them knowable. */
export function completionChoices(res: CompletionResponse, requested: number): GeneratedChoice[] {
  const sorted = [...res.choices].sort((a, b) => a.index - b.index);
  if (sorted.length !== requested) throw new RequestFailure('unsupported', `asked for ${requested} choices, got ${sorted.length}`);
  return sorted.map((c) => {
    const lps = c.logprobs?.token_logprobs;
    return {
      text: c.text,
      finishReason: c.finish_reason ?? null,
      stopReason: c.stop_reason ?? null,
      completionTokens: lps ? lps.length : requested === 1 ? (res.usage?.completion_tokens ?? null) : null,
      logprobSum: lps ? lps.reduce<number>((s, x) => s + (x ?? 0), 0) : null,
    };
  });
}

/**
 * Entropy (nats) of one position from its top-k log-probabilities. The mass outside the top k is
 * treated as a single bucket, so the value is a lower bound on the true entropy; it is exact when
 * the top k hold all the mass.
 */
export function entropyFromTop(top: Record<string, number>): number {
  let h = 0;
  let mass = 0;
  for (const lp of Object.values(top)) {
    const p = Math.exp(lp);
    mass += p;
    if (p > 0) h -= p * lp;
  }
  const rest = 1 - mass;
  if (rest > 1e-12) h -= rest * Math.log(rest);
  return h;
}

/** The echo part of a completions response: every token of the given text with its log-prob. */
export function echoLogprobs(res: CompletionResponse, text: string): TokenLogprobs {
  const lp = res.choices[0]?.logprobs;
  if (!lp?.tokens || !lp.token_logprobs || !lp.text_offset) {
    throw new RequestFailure('malformed', 'echo response has no logprobs.tokens/token_logprobs/text_offset');
  }
  // Servers that still generate one token (max_tokens 0 unsupported) append it past the text: drop it.
  let end = lp.tokens.length;
  while (end > 0 && lp.text_offset[end - 1] >= text.length && text.length > 0) end--;
  const top = lp.top_logprobs ?? null;
  return {
    tokens: lp.tokens.slice(0, end),
    logprobs: lp.token_logprobs.slice(0, end),
    offsets: lp.text_offset.slice(0, end),
    entropies: top && top.some((t) => t !== null && Object.keys(t).length > 1) ? top.slice(0, end).map((t) => (t ? entropyFromTop(t) : null)) : null,
  };
}
