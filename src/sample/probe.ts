import { EnvironmentError } from '../errors.js';
import { RequestFailure } from './http/request-failure.js';
import { DEFAULT_RETRY, seededRandom, type RetryPolicy } from './retry-policy.js';
import { retryingOrThrow } from './retrying.js';
import { messageText, type GenerateRequest, type Prompt, type Provider } from './types.js';

/**
 * The capability probe: a handful of tiny requests at start-up that find out what the server
 * really does, instead of trusting its documentation. The result is stored with the run.
 */
export interface Capabilities {
  endpoint: string;
  api: Provider['api'];
  /** Models listed by /v1/models (empty if the server has no such endpoint). */
  servedModels: string[];
  /** The model name in generation responses (what actually answered). */
  answeringModel: string;
  /** Context length the server reports (vLLM's max_model_len), if any. */
  maxContext: number | null;
  /** Same seed twice → same text. */
  seedDeterministic: boolean;
  /** Different seeds → different texts. */
  seedDiverse: boolean;
  /** `n > 1` returns n choices in one request. */
  nSupported: boolean;
  /** Choice i of a request with seed s equals the single sample with seed s + i (vLLM). */
  nConsecutiveSeeds: boolean;
  /** Log-probabilities of generated tokens. */
  logprobs: boolean;
  /** Log-probabilities of a given text (echo + max_tokens 0). */
  echo: boolean;
  probedAt: string;
}

export interface ProbeOptions {
  /** A real prompt of the run (so the probe uses the model's own vocabulary). */
  prompt: Prompt;
  /** Seed for the probe's requests; the probe uses seed, seed+1, seed+2. */
  seed?: number;
  maxTokens?: number;
  retry?: RetryPolicy;
  signal?: AbortSignal;
}

export async function probeCapabilities(provider: Provider, o: ProbeOptions): Promise<Capabilities> {
  try {
    return await probe(provider, o);
  } catch (e) {
    if (e instanceof RequestFailure)
      throw new EnvironmentError(`${provider.describe} stopped answering during the capability probe: ${e.message}`, { cause: e });
    throw e;
  }
}

async function probe(provider: Provider, o: ProbeOptions): Promise<Capabilities> {
  const seed = o.seed ?? 1_000_003;
  const req = (s: number, n = 1, logprobs?: number): GenerateRequest => ({
    prompt: o.prompt,
    n,
    seed: s,
    params: { temperature: 1, topP: 1, maxTokens: o.maxTokens ?? 16, stop: [] },
    logprobs,
  });
  // Transient failures (5xx, resets, timeouts) are retried as in sampling; a 4xx means "not supported".
  const retry = { policy: o.retry ?? DEFAULT_RETRY, random: seededRandom(seed), signal: o.signal };
  let lastRejection = '';
  const gen = async (r: GenerateRequest): Promise<{ texts: string[]; model: string; logprobs: boolean } | null> => {
    try {
      const res = await retryingOrThrow(() => provider.generate(r, o.signal), retry);
      return { texts: res.choices.map((c) => c.text), model: res.model, logprobs: res.choices.every((c) => c.logprobSum !== null) };
    } catch (e) {
      // A non-retryable HTTP error (400, 404, 422…) means "this server does not do that".
      if (e instanceof RequestFailure && (e.kind === 'http' || e.kind === 'unsupported') && !e.retryable) {
        lastRejection = e.message;
        return null;
      }
      throw e;
    }
  };

  let models: { id: string; maxContext: number | null }[] = [];
  try {
    models = await retryingOrThrow(() => provider.listModels(o.signal), retry);
  } catch (e) {
    if (!(e instanceof RequestFailure)) throw e;
  }

  let a;
  try {
    a = await gen(req(seed));
  } catch (e) {
    throw new EnvironmentError(`cannot sample from ${provider.describe}: ${(e as Error).message}`, { cause: e });
  }
  if (a === null) throw new EnvironmentError(`${provider.describe} rejected a basic sampling request: ${lastRejection}`);
  const again = await gen(req(seed));

  const b = await gen(req(seed + 1));
  const c = await gen(req(seed + 2));
  const pair = await gen(req(seed, 2));
  const withLogprobs = await gen(req(seed, 1, 0));
  let echo = false;
  // The chat API has no echo: a chat endpoint cannot score a given text, so there is nothing to ask.
  if (provider.api !== 'chat') {
    try {
      const probeText = o.prompt.kind === 'text' ? o.prompt.text : o.prompt.messages[0] === undefined ? '' : messageText(o.prompt.messages[0]);
      const scored = await retryingOrThrow(() => provider.scoreText(probeText, 1, o.signal), retry);
      echo = scored.tokens.length > 0 && scored.logprobs.some((x) => x !== null && Number.isFinite(x));
    } catch (e) {
      // Rejected, or answered with something that is not echo log-probs even after retries: no echo.
      // Only a server that stopped answering is an error.
      if (!(e instanceof RequestFailure) || ['timeout', 'reset', 'refused', 'aborted'].includes(e.kind)) throw e;
    }
  }

  const first = a.texts[0];
  const seedDeterministic = again !== null && again.texts[0] === first;
  const seedDiverse = b !== null && c !== null && new Set([first, b.texts[0], c.texts[0]]).size > 1;
  const nSupported = pair !== null && pair.texts.length === 2;
  return {
    endpoint: provider.describe,
    api: provider.api,
    servedModels: models.map((m) => m.id),
    answeringModel: a.model,
    maxContext: models.find((m) => m.id === a.model)?.maxContext ?? models[0]?.maxContext ?? null,
    seedDeterministic,
    seedDiverse,
    nSupported,
    nConsecutiveSeeds: nSupported && seedDeterministic && b !== null && pair.texts[0] === first && pair.texts[1] === b.texts[0],
    logprobs: withLogprobs?.logprobs ?? false,
    echo,
    probedAt: new Date().toISOString(),
  };
}
