import type { RequestFailure } from './http/request-failure.js';

/**
 * The vocabulary of the sampling engine: what is sent to a model (a prompt, n, per-sample seeds,
 * sampling settings) and what comes back (one choice per sample with its finish reason and token
 * counts). Providers translate these to and from a server's wire format.
 */

/** One part of a multimodal message (OpenAI chat format); images travel as data URLs. */
export type ContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | ContentPart[];
}

/** The text of a message (its text parts joined, for multimodal messages). */
export function messageText(m: ChatMessage): string {
  return typeof m.content === 'string' ? m.content : m.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

/** A prompt is either raw text (completions endpoint) or chat messages (chat endpoint). */
export type Prompt = { kind: 'text'; text: string } | { kind: 'chat'; messages: ChatMessage[] };

/** Every sampling parameter is sent explicitly: servers' defaults differ (see docs/sampling.md). */
export interface SamplingParams {
  temperature: number;
  topP: number;
  /** Omitted from the request when undefined (hosted APIs reject top_k). */
  topK?: number;
  maxTokens: number;
  stop: string[];
}

export interface GenerateRequest {
  prompt: Prompt;
  /** Number of choices in this one request. */
  n: number;
  /** Seed of choice 0; on servers with consecutive child seeds, choice i uses seed + i. */
  seed: number;
  params: SamplingParams;
  /** Ask for log-probabilities of generated tokens (k alternatives; 0 = the chosen token only). */
  logprobs?: number;
}

export interface GeneratedChoice {
  text: string;
  /** `stop` / `length` / server-specific; null when the server did not say. */
  finishReason: string | null;
  /** The stop string or token id that ended generation, when the server reports it (vLLM). */
  stopReason: string | number | null;
  /** Tokens generated for this choice; null when the server only reports a total for all choices. */
  completionTokens: number | null;
  /** Sum of the generated tokens' log-probabilities, when logprobs were requested. */
  logprobSum: number | null;
}

export interface GenerateResponse {
  /** The model name the server says it used. */
  model: string;
  choices: GeneratedChoice[];
  promptTokens: number | null;
}

/** Per-token log-probabilities of a given text (prompt + response), as returned by echo. */
export interface TokenLogprobs {
  tokens: string[];
  /** log p(token_i | tokens_<i); null for the first token (nothing to condition on). */
  logprobs: (number | null)[];
  /** Character offset of each token in the scored text. */
  offsets: number[];
  /** Entropy (nats) of each position's next-token distribution, where known; null otherwise. */
  entropies: (number | null)[] | null;
}

/** One model behind one API. Implementations: OpenAI completions, OpenAI chat, in-process lab. */
export interface Provider {
  /** Human-readable description for messages (`http://host/v1 (completions)`). */
  readonly describe: string;
  /** Which endpoint family; the probe and planner use it to pick request shapes. */
  readonly api: 'completions' | 'chat' | 'lab';
  generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse>;
  /** Log-probabilities of every token of `text` (no generation); throws if the server cannot. */
  scoreText(text: string, topLogprobs: number, signal?: AbortSignal): Promise<TokenLogprobs>;
  /** Scores several texts in one batch where the provider can; a text that fails gets its own failure. */
  scoreTexts?(texts: string[], topLogprobs: number, signal?: AbortSignal): Promise<(TokenLogprobs | RequestFailure)[]>;
  /** The models the server lists, with the context length where it says. */
  listModels(signal?: AbortSignal): Promise<ServedModel[]>;
}

export interface ServedModel {
  id: string;
  maxContext: number | null;
}
