import { InputError } from '../errors.js';
import { JsonClient } from './http/json-client.js';
import { OpenAIChatProvider } from './providers/openai-chat.js';
import { OpenAICompletionsProvider } from './providers/openai-completions.js';
import type { Provider } from './types.js';

/**
 * Builds the provider for an OpenAI-compatible endpoint. The API key is read from the
 * environment variable the config names, never from the config itself (study files get shared).
 */
export interface EndpointConfig {
  /** Base URL, e.g. http://127.0.0.1:8000/v1 (a bare host gets /v1 appended). */
  endpoint: string;
  model: string;
  api?: 'completions' | 'chat';
  /** Name of the environment variable that holds the API key. */
  apiKeyEnv?: string;
  /** Whole-request deadline, ms (long generations need minutes). */
  timeoutMs?: number;
  maxSockets?: number;
  env?: NodeJS.ProcessEnv;
}

export interface Connection {
  provider: Provider;
  close(): void;
}

export function normalizeEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new InputError(`not a URL: "${endpoint}" (expected e.g. http://127.0.0.1:8000/v1)`, { field: 'endpoint' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InputError(`endpoint must be http:// or https://, got ${url.protocol}`, { field: 'endpoint' });
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path === '' ? '/v1' : path}`;
}

export function connect(cfg: EndpointConfig): Connection {
  const headers: Record<string, string> = {};
  if (cfg.apiKeyEnv !== undefined) {
    const key = (cfg.env ?? process.env)[cfg.apiKeyEnv];
    if (key === undefined || key === '')
      throw new InputError(`environment variable ${cfg.apiKeyEnv} (named as the API key variable) is not set`, { field: 'api_key_env' });
    headers.authorization = `Bearer ${key}`;
  }
  const client = new JsonClient({ timeoutMs: cfg.timeoutMs ?? 600_000, headers, maxSockets: cfg.maxSockets });
  const base = normalizeEndpoint(cfg.endpoint);
  const provider = cfg.api === 'chat' ? new OpenAIChatProvider(client, base, cfg.model) : new OpenAICompletionsProvider(client, base, cfg.model);
  return { provider, close: () => client.close() };
}
