import { randomInt } from 'node:crypto';
import { checkModelName, tokenIdsOrReject } from './complete.js';
import { generateChoices, type GeneratedChoice } from './generate-choices.js';
import { ApiError } from './openai-error.js';
import type { ChatCompletionRequest } from './schema.js';
import type { ChatTurn, ServableModel } from './servable-model.js';

/**
 * One /v1/chat/completions request: the messages go through the model's own chat template (for a
 * lab checkpoint, the one in its config.json or the lab default, docs/lab-engine.md §4), and the
 * rendered prompt is sampled exactly as /v1/completions samples a prompt — same seeds (choice i
 * with seed + i), same stop handling — so a one-turn chat and a completion of the rendered text
 * give the same choices. Log-probabilities come in the chat format (`logprobs.content`, with the
 * top alternatives OpenAI's way: the k most likely, most likely first).
 */
interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
}

export interface ChatCompletionBody {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: {
    index: number;
    message: { role: 'assistant'; content: string; refusal: null };
    logprobs: { content: (TokenLogprob & { top_logprobs: TokenLogprob[] })[]; refusal: null } | null;
    finish_reason: 'stop' | 'length';
    stop_reason: string | null;
  }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

let counter = 0;

export async function chatComplete(model: ServableModel, req: ChatCompletionRequest): Promise<ChatCompletionBody> {
  if (req.stream) throw new ApiError(400, 'stream is not supported by rlbound serve', 'invalid_request_error', 'stream');
  checkModelName(model, req.model);
  if (req.top_logprobs != null && req.top_logprobs > 0 && req.logprobs !== true)
    throw new ApiError(400, 'top_logprobs needs logprobs set to true', 'invalid_request_error', 'top_logprobs');
  const chatPrompt = model.chatPrompt?.bind(model);
  if (chatPrompt === undefined)
    throw new ApiError(400, `the model \`${model.id}\` has no chat template: use /v1/completions`, 'invalid_request_error', 'messages');
  const turns = req.messages.map((m, i): ChatTurn => ({ role: m.role === 'developer' ? 'system' : m.role, content: messageText(m.content, i) }));
  // Rendering errors and characters outside the vocabulary are the request's fault: 400 naming messages.
  const ids = tokenIdsOrReject('messages', () => chatPrompt(turns));
  const maxTokens = req.max_completion_tokens ?? req.max_tokens ?? 16;
  const stops = req.stop == null ? [] : typeof req.stop === 'string' ? [req.stop] : req.stop;
  const generated = await generateChoices(model, ids, {
    n: req.n,
    baseSeed: req.seed ?? randomInt(0, 2 ** 47),
    temperature: req.temperature ?? 1,
    topP: req.top_p ?? 1,
    topK: req.top_k ?? 0,
    maxTokens,
    stops,
    topLogprobs: req.logprobs === true ? (req.top_logprobs ?? 0) : 0,
  });
  const completionTokens = generated.reduce((a, g) => a + g.tokens.length, 0);
  return {
    id: `chatcmpl-${Date.now().toString(36)}-${(counter++).toString(36)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: model.id,
    choices: generated.map((g, index) => ({
      index,
      message: { role: 'assistant', content: g.text, refusal: null },
      logprobs: req.logprobs === true ? { content: chatLogprobs(model, g, req.top_logprobs ?? 0), refusal: null } : null,
      finish_reason: g.finish,
      stop_reason: g.stopReason,
    })),
    usage: { prompt_tokens: ids.length, completion_tokens: completionTokens, total_tokens: ids.length + completionTokens },
  };
}

/** A message's text; parts other than text (images) are refused: lab models read text only. */
function messageText(content: ChatCompletionRequest['messages'][number]['content'], i: number): string {
  if (content === null) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part, j) => {
      if (part.type !== 'text' || part.text === undefined)
        throw new ApiError(
          400,
          `messages[${i}].content[${j}]: a part of type "${part.type}" cannot be read by this model (text only)`,
          'invalid_request_error',
          `messages.${i}.content.${j}`,
        );
      return part.text;
    })
    .join('');
}

function chatLogprobs(model: ServableModel, g: GeneratedChoice, k: number): (TokenLogprob & { top_logprobs: TokenLogprob[] })[] {
  const entry = (text: string, logprob: number): TokenLogprob => ({ token: text, logprob, bytes: [...Buffer.from(text, 'utf8')] });
  return g.tokens.map((t) => ({
    ...entry(t.text, t.logprob),
    top_logprobs: (t.top ?? []).slice(0, k).map((alt) => entry(model.tokenText(alt.token), alt.logprob)),
  }));
}
