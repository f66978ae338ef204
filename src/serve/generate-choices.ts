import { ApiError } from './openai-error.js';
import type { ServableModel } from './servable-model.js';
import { cutAtStop } from './stop-strings.js';

/**
 * The sampling core shared by /v1/completions and /v1/chat/completions: n choices of one prompt,
 * choice i sampled with seed base + i (vLLM's rule, so choice i equals a single request with that
 * seed), cut at the first stop string, each token with its log-probability and — when asked — the
 * k most likely alternatives at its position. The two endpoints differ only in how they build the
 * prompt and how they write these choices out.
 */
export interface ChoiceToken {
  id: number;
  text: string;
  /** log p of the token under the model (before temperature, like vLLM's raw logprobs). */
  logprob: number;
  /** The k most likely tokens at this position (most likely first), when `topLogprobs` > 0. */
  top: { token: number; logprob: number }[] | null;
}

export interface GeneratedChoice {
  text: string;
  tokens: ChoiceToken[];
  finish: 'stop' | 'length';
  /** The stop string that ended the choice, or null. */
  stopReason: string | null;
}

export interface ChoiceOptions {
  n: number;
  baseSeed: number;
  temperature: number;
  topP: number;
  /** 0: no top-k cut. */
  topK: number;
  maxTokens: number;
  stops: string[];
  /** How many alternatives to list per token (0: none). */
  topLogprobs: number;
}

/** Rejects a request that does not fit the context, naming `max_tokens` as OpenAI servers do. */
export function checkContext(model: ServableModel, promptTokens: number, maxTokens: number): void {
  if (promptTokens + maxTokens > model.contextLength) {
    throw new ApiError(
      400,
      `This model's maximum context length is ${model.contextLength} tokens. However, you requested ${promptTokens + maxTokens} tokens (${promptTokens} in the prompt, ${maxTokens} for the completion). Please reduce the prompt or max_tokens.`,
      'invalid_request_error',
      'max_tokens',
    );
  }
}

export async function generateChoices(model: ServableModel, ids: number[], o: ChoiceOptions): Promise<GeneratedChoice[]> {
  checkContext(model, ids.length, o.maxTokens);
  const samples =
    o.maxTokens > 0
      ? await model.sample(ids, {
          seeds: Array.from({ length: o.n }, (_, i) => o.baseSeed + i),
          temperature: o.temperature,
          topP: o.topP,
          topK: o.topK > 0 ? o.topK : undefined,
          maxTokens: o.maxTokens,
          stop: o.stops,
        })
      : Array.from({ length: o.n }, () => ({ tokens: [] as number[], logprobs: [] as number[], finish: 'length' as const }));

  // A model may return fewer samples than asked (it cannot batch): the response then has fewer choices.
  const choices: GeneratedChoice[] = [];
  for (const s of samples) {
    const cut = cutAtStop(
      s.tokens.map((t) => model.tokenText(t)),
      o.stops,
    );
    const kept = s.tokens.slice(0, cut.keep);
    // Alternatives need the whole distribution at each position: score the sequence once.
    const scored = o.topLogprobs > 0 && kept.length > 0 ? await model.score([...ids, ...kept], o.topLogprobs) : null;
    choices.push({
      text: cut.text,
      tokens: kept.map((id, j) => ({
        id,
        text: model.tokenText(id),
        logprob: s.logprobs[j],
        top: scored?.top?.[ids.length + j] ?? (o.topLogprobs > 0 ? [] : null),
      })),
      finish: cut.matched !== null ? 'stop' : s.finish,
      stopReason: cut.matched,
    });
  }
  return choices;
}
