import { deriveSeed } from '../tensor/rng.js';
import type { CharTokenizer } from '../tokenizer/char-tokenizer.js';
import type { GptModel } from './gpt.js';
import { Sampler, type FinishReason, type LogitsHook } from './sampler.js';
import { scoreContinuations } from './score.js';

/** One prompt, n completions (text in, text out). */
export interface GenerateRequest {
  prompt: string;
  n: number;
  /** Sample i uses seed deriveSeed(seed, i) unless `seeds` lists explicit per-sample seeds. Default 0. */
  seed?: number;
  seeds?: readonly number[];
  /** Prepend the tokenizer's BOS token (default true). */
  addBos?: boolean;
}

export interface GenerateParams {
  /** Default 1; 0 = greedy. */
  temperature?: number;
  topP?: number;
  topK?: number;
  /** Default: as many as fit in the context. */
  maxTokens?: number;
  /** Stop strings (not included in `text`). */
  stop?: readonly string[];
  /** Stop at the tokenizer's EOS (default true). */
  stopAtEos?: boolean;
}

export interface Completion {
  /** Index of the sample within its prompt. */
  index: number;
  seed: number;
  /** Generated ids including a final EOS / stop sequence. */
  tokens: number[];
  /** Decoded text without special tokens and without the matched stop string / EOS. */
  text: string;
  finishReason: FinishReason;
  /** Model log-prob (temperature 1) of each generated token. */
  logprobs: number[];
}

const samplers = new WeakMap<GptModel, Sampler>();

/** The model's cached sampler (its KV-cache buffers are reused across calls; `model.dispose()` frees them). */
export function samplerFor(model: GptModel): Sampler {
  let s = samplers.get(model);
  if (!s) {
    const sampler = new Sampler(model);
    model.onDispose(() => {
      sampler.dispose();
      samplers.delete(model);
    });
    samplers.set(model, sampler);
    s = sampler;
  }
  return s;
}

/** Sample completions for several prompts at once; result[g][i] is sample i of prompt g. */
export function generateBatch(
  model: GptModel,
  tokenizer: CharTokenizer,
  requests: readonly GenerateRequest[],
  params: GenerateParams = {},
  hook?: LogitsHook,
): Completion[][] {
  const seeds = requests.map((r) => (r.seeds ? [...r.seeds] : Array.from({ length: r.n }, (_, i) => deriveSeed(r.seed ?? 0, i))));
  const prompts = requests.map((r) => tokenizer.encode(r.prompt, { addBos: r.addBos ?? true }));
  const stopTokens = (params.stopAtEos ?? true) && tokenizer.eos >= 0 ? [tokenizer.eos] : [];
  const stopSequences = (params.stop ?? []).filter((s) => s.length > 0).map((s) => tokenizer.encode(s));
  const samples = samplerFor(model).sample(
    prompts.map((prompt, g) => ({ prompt, seeds: seeds[g] })),
    {
      temperature: params.temperature ?? 1,
      topP: params.topP ?? 1,
      topK: params.topK ?? 0,
      maxTokens: params.maxTokens ?? model.config.context,
      stopTokens,
      stopSequences,
    },
    hook,
  );
  return samples.map((group, g) =>
    group.map((s, i) => ({
      index: i,
      seed: seeds[g][i],
      tokens: Array.from(s.tokens),
      text: tokenizer.decode(s.tokens.subarray(0, s.tokens.length - s.stopLength)),
      finishReason: s.finishReason,
      logprobs: Array.from(s.logprobs),
    })),
  );
}

/** n completions of one prompt. */
export function generate(model: GptModel, tokenizer: CharTokenizer, request: GenerateRequest, params: GenerateParams = {}): Completion[] {
  return generateBatch(model, tokenizer, [request], params)[0];
}

export interface TextScore {
  /** Continuation token ids and their texts. */
  tokens: number[];
  tokenTexts: string[];
  logprobs: number[];
  entropies: number[];
  totalLogprob: number;
}

/**
 * Log-probability and entropy of each token of `continuation` after `prompt` (BOS prepended to the
 * prompt unless addBos is false). With an empty prompt this scores the whole text (echo scoring).
 */
export function scoreText(model: GptModel, tokenizer: CharTokenizer, prompt: string, continuation: string, options: { addBos?: boolean } = {}): TextScore {
  const p = tokenizer.encode(prompt, { addBos: options.addBos ?? true });
  const c = tokenizer.encode(continuation);
  const [s] = scoreContinuations(model, [{ prompt: p, continuation: c }]);
  return {
    tokens: c,
    tokenTexts: c.map((id) => tokenizer.tokenText(id)),
    logprobs: Array.from(s.logprobs),
    entropies: Array.from(s.entropies),
    totalLogprob: s.totalLogprob,
  };
}
