import os from 'node:os';
import path from 'node:path';

/** Where and how the Hugging Face Hub is reached. Defaults follow huggingface_hub's variables. */
export interface HubOptions {
  /** Hub base URL; HF_ENDPOINT or https://huggingface.co. Tests point it at a local server. */
  endpoint: string;
  /** Cache root; RLBOUND_CACHE or ~/.cache/rlbound. */
  cacheDir: string;
  /** Never touch the network; only the cache (RLBOUND_OFFLINE=1 or HF_HUB_OFFLINE=1). */
  offline: boolean;
  /** Bearer token for gated/private datasets (HF_TOKEN). */
  token?: string;
  /** Attempts per HTTP request (network errors and 5xx are retried with backoff). */
  attempts: number;
}

export function hubOptions(overrides: Partial<HubOptions> = {}, env: NodeJS.ProcessEnv = process.env): HubOptions {
  const truthy = (v: string | undefined) => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
  return {
    endpoint: (overrides.endpoint ?? env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, ''),
    cacheDir: overrides.cacheDir ?? env.RLBOUND_CACHE ?? path.join(os.homedir(), '.cache', 'rlbound'),
    offline: overrides.offline ?? (truthy(env.RLBOUND_OFFLINE) || truthy(env.HF_HUB_OFFLINE)),
    token: overrides.token ?? (env.HF_TOKEN || undefined),
    attempts: overrides.attempts ?? 4,
  };
}
