/**
 * What the OpenAI-compatible server needs from a model. The lab's GPT implements it through
 * `lab-servable.ts`; anything else with a tokenizer, a seeded sampler and a scorer can be served.
 */
export interface SampleOptions {
  /** One sample per seed; sample i must equal what a single request with seeds[i] produces. */
  seeds: number[];
  temperature: number;
  topP: number;
  /** 0 or undefined: no top-k cut. */
  topK?: number;
  maxTokens: number;
  /** Stop strings; a model may end a sample early once its text contains one (the server cuts the text anyway). */
  stop?: string[];
}

export interface SampledTokens {
  tokens: number[];
  /** log p of each sampled token under the model (before temperature, like vLLM's raw logprobs). */
  logprobs: number[];
  /** `stop`: the model emitted its end-of-sequence token; `length`: maxTokens or the context ran out. */
  finish: 'stop' | 'length';
}

/**
 * Scores of ids[0..]: every token is conditioned on the model's start context (e.g. BOS) and the
 * tokens before it, so even the first token has a log-probability.
 */
export interface ScoredTokens {
  /** log p(ids[i] | start, ids[<i]), one per id. */
  logprobs: number[];
  /** Entropy (nats) of the distribution that predicted ids[i], one per id. */
  entropies: number[];
  /** For each i, the k most likely tokens at that position, when the model can list them. */
  top?: { token: number; logprob: number }[][];
}

/** One turn of a conversation, as the model's chat template receives it. */
export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ServableModel {
  /** The model name served at /v1/models. */
  readonly id: string;
  readonly contextLength: number;
  /** Token ids of a text (without any start token: the model adds its own context); throws InputError naming the character it cannot encode. */
  encode(text: string): number[];
  /** The text of one token (decoding a sequence = joining its tokens' texts). */
  tokenText(id: number): string;
  sample(promptIds: number[], options: SampleOptions): Promise<SampledTokens[]>;
  score(ids: number[], topK: number): Promise<ScoredTokens>;
  /**
   * Token ids of a conversation rendered by the model's chat template, ending where the assistant's
   * reply begins. Absent: the model has no chat template (/v1/chat/completions answers 400).
   * Throws InputError when the template fails or the text has characters the model cannot encode.
   */
  chatPrompt?(turns: ChatTurn[]): number[];
  /** Scores several sequences at once (batched forward passes), where the model can. */
  scoreMany?(sequences: number[][]): Promise<ScoredTokens[]>;
}
