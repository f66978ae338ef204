import { InputError } from '../errors.js';
import { loadLabServable } from '../serve/lab-servable.js';
import { connect, normalizeEndpoint } from './connect.js';
import { EndpointPool } from './providers/endpoint-pool.js';
import { LabProvider } from './providers/lab.js';
import type { Provider } from './types.js';

/**
 * The provider for a command line's --endpoint (HTTP) or --checkpoint (lab, in-process). Several
 * endpoints (one server per GPU) become one pooled provider with work stealing; `maxSockets` is
 * then the number of requests in flight per endpoint.
 */
export interface ProviderChoice {
  endpoint?: string | readonly string[];
  checkpoint?: string;
  servedName: string;
  api?: 'completions' | 'chat';
  apiKeyEnv?: string;
  timeoutMs?: number;
  maxSockets?: number;
}

export interface OpenedProvider {
  provider: Provider;
  /** How the study records it: "lab", "openai-completions", "openai-chat". */
  kind: string;
  /** The normalized endpoint (several: joined by ", "), or lab:DIR. */
  location: string;
  /** How many servers share the work: multiply the per-server concurrency by it. */
  servers: number;
  close(): void;
}

export function openProvider(c: ProviderChoice): OpenedProvider {
  const endpoints = c.endpoint === undefined ? [] : typeof c.endpoint === 'string' ? [c.endpoint] : [...c.endpoint];
  if ((endpoints.length === 0) === (c.checkpoint === undefined))
    throw new InputError('give exactly one of --endpoint and --checkpoint', { field: '--endpoint' });
  if (c.checkpoint !== undefined) {
    return {
      provider: new LabProvider(loadLabServable(c.checkpoint, c.servedName)),
      kind: 'lab',
      location: `lab:${c.checkpoint}`,
      servers: 1,
      close: () => undefined,
    };
  }
  const conns = endpoints.map((endpoint) =>
    connect({ endpoint, model: c.servedName, api: c.api, apiKeyEnv: c.apiKeyEnv, timeoutMs: c.timeoutMs, maxSockets: c.maxSockets }),
  );
  const provider =
    conns.length === 1
      ? conns[0].provider
      : new EndpointPool(
          conns.map((x) => x.provider),
          { perEndpoint: c.maxSockets ?? 16 },
        );
  const location = endpoints.map(normalizeEndpoint).join(', ');
  return { provider, kind: `openai-${c.api ?? 'completions'}`, location, servers: conns.length, close: () => conns.forEach((x) => x.close()) };
}
