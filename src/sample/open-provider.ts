import { InputError } from '../errors.js';
import { loadLabServable } from '../serve/lab-servable.js';
import { connect, normalizeEndpoint } from './connect.js';
import { LabProvider } from './providers/lab.js';
import type { Provider } from './types.js';

/** The provider for a command line's --endpoint (HTTP) or --checkpoint (lab, in-process). */
export interface ProviderChoice {
  endpoint?: string;
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
  /** The normalized endpoint, or lab:DIR. */
  location: string;
  close(): void;
}

export function openProvider(c: ProviderChoice): OpenedProvider {
  if ((c.endpoint === undefined) === (c.checkpoint === undefined)) throw new InputError('give exactly one of --endpoint and --checkpoint', { field: '--endpoint' });
  if (c.checkpoint !== undefined) {
    return { provider: new LabProvider(loadLabServable(c.checkpoint, c.servedName)), kind: 'lab', location: `lab:${c.checkpoint}`, close: () => undefined };
  }
  const endpoint = c.endpoint as string;
  const conn = connect({ endpoint, model: c.servedName, api: c.api, apiKeyEnv: c.apiKeyEnv, timeoutMs: c.timeoutMs, maxSockets: c.maxSockets });
  return { provider: conn.provider, kind: `openai-${c.api ?? 'completions'}`, location: normalizeEndpoint(endpoint), close: conn.close };
}
