import { randomInt } from 'node:crypto';
import { InputError } from '../errors.js';
import { ApiError } from './openai-error.js';
import type { CompletionRequest } from './schema.js';
import type { ServableModel } from './servable-model.js';
import { checkContext, generateChoices } from './generate-choices.js';

/**
 * One /v1/completions request against a servable model, with vLLM's semantics where OpenAI's
 * are silent: choice i of a request with `seed` s is sampled with seed s + i; `echo` prepends the
 * prompt and its log-probs; `echo` with `max_tokens: 0` only scores the prompt. The model's start
 * token (BOS) is implicit, so the first prompt token has a log-probability too (where OpenAI
 * servers without BOS give null). Without a seed, a random one is drawn (like any server without a fixed engine seed).
 */
interface LogprobsBody {
  tokens: string[];
  token_logprobs: (number | null)[];
  top_logprobs: (Record<string, number> | null)[] | null;
  text_offset: number[];
}

export interface CompletionBody {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: { index: number; text: string; logprobs: LogprobsBody | null; finish_reason: 'stop' | 'length'; stop_reason: string | null }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

let counter = 0;

export async function complete(model: ServableModel, req: CompletionRequest): Promise<CompletionBody> {
  if (req.stream) throw new ApiError(400, 'stream is not supported by rlbound serve', 'invalid_request_error', 'stream');
  checkModelName(model, req.model);
  const prompts = typeof req.prompt === 'string' ? [req.prompt] : req.prompt;
  const maxTokens = req.max_tokens ?? 16;
  const stops = req.stop == null ? [] : typeof req.stop === 'string' ? [req.stop] : req.stop;
  const k = req.logprobs ?? null;
  const baseSeed = req.seed ?? randomInt(0, 2 ** 47);
  const choices: CompletionBody['choices'] = [];
  let promptTokens = 0;
  let completionTokens = 0;

  for (let pi = 0; pi < prompts.length; pi++) {
    const text = prompts[pi];
    const ids = tokenIdsOrReject('prompt', () => model.encode(text));
    promptTokens += ids.length;
    checkContext(model, ids.length, maxTokens);
    const promptScore = req.echo && k !== null ? await model.score(ids, k) : null;
    const generated = await generateChoices(model, ids, {
      n: req.n,
      baseSeed,
      temperature: req.temperature ?? 1,
      topP: req.top_p ?? 1,
      topK: req.top_k ?? 0,
      maxTokens,
      stops,
      topLogprobs: k ?? 0,
    });
    generated.forEach((g, i) => {
      completionTokens += g.tokens.length;
      let logprobs: LogprobsBody | null = null;
      if (k !== null) {
        logprobs = { tokens: [], token_logprobs: [], top_logprobs: k > 0 ? [] : null, text_offset: [] };
        let offset = 0;
        const push = (id: number, raw: number | null, top: { token: number; logprob: number }[] | null): void => {
          // A token with nothing before it (a text that starts with BOS) has no log-probability.
          const lp = raw !== null && Number.isFinite(raw) ? raw : null;
          const piece = model.tokenText(id);
          logprobs!.tokens.push(piece);
          logprobs!.token_logprobs.push(lp);
          logprobs!.text_offset.push(offset);
          // Models that cannot list alternatives report the chosen token alone (vLLM always includes it too).
          // Like vLLM, the chosen token is listed along with the top k even when it is not among them.
          if (logprobs!.top_logprobs) {
            logprobs!.top_logprobs.push(
              lp === null
                ? null
                : top && top.length > 0
                  ? { ...Object.fromEntries(top.map((t) => [model.tokenText(t.token), t.logprob])), [piece]: lp }
                  : { [piece]: lp },
            );
          }
          offset += piece.length;
        };
        if (req.echo && promptScore) ids.forEach((id, j) => push(id, promptScore.logprobs[j], promptScore.top?.[j] ?? null));
        g.tokens.forEach((t) => push(t.id, t.logprob, t.top));
      }
      choices.push({ index: pi * req.n + i, text: (req.echo ? text : '') + g.text, logprobs, finish_reason: g.finish, stop_reason: g.stopReason });
    });
  }
  return {
    id: `cmpl-${Date.now().toString(36)}-${(counter++).toString(36)}`,
    object: 'text_completion',
    created: Math.floor(Date.now() / 1000),
    model: model.id,
    choices,
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

/** 404 in OpenAI's words when the request names another model than the one served. */
export function checkModelName(model: ServableModel, name: string): void {
  if (name !== model.id)
    throw new ApiError(404, `The model \`${name}\` does not exist (this server serves \`${model.id}\`).`, 'NotFoundError', 'model', 'model_not_found');
}

/** The token ids `encode` gives, or a 400 naming `param` (a character outside the vocabulary, an empty prompt). */
export function tokenIdsOrReject(param: string, encode: () => number[]): number[] {
  let ids: number[];
  try {
    ids = encode();
  } catch (e) {
    if (e instanceof InputError) throw new ApiError(400, `${param}: ${e.message}`, 'invalid_request_error', param);
    throw e;
  }
  if (ids.length === 0) throw new ApiError(400, `${param} must not be empty`, 'invalid_request_error', param);
  return ids;
}
