import { EnvironmentError, RlboundError } from '../../errors.js';
import type { HubOptions } from './options.js';

/** An HTTP failure talking to the Hub, with the URL and status so the user can check it. */
export class HubError extends RlboundError {
  /** 2 for a request the Hub refused (a wrong name or revision: the input), 3 when it cannot be reached or fails (the environment). */
  override readonly exitCode: number;
  constructor(
    message: string,
    readonly url: string,
    readonly status?: number,
  ) {
    super(`${message} (${status !== undefined ? `HTTP ${status}, ` : ''}${url})`);
    this.exitCode = status !== undefined && status >= 400 && status < 500 ? 2 : 3;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * GET with retries: network errors, 429 and 5xx are retried with exponential backoff; 4xx is final
 * (a wrong name or revision will not fix itself).
 */
export async function hubGet(url: string, opts: HubOptions): Promise<Response> {
  if (opts.offline) throw new EnvironmentError(`offline mode is on (RLBOUND_OFFLINE/HF_HUB_OFFLINE) and ${url} is not cached`);
  const headers: Record<string, string> = { 'user-agent': 'rlbound' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let lastError: unknown;
  for (let attempt = 0; attempt < opts.attempts; attempt++) {
    if (attempt > 0) await sleep(Math.min(4000, 200 * 2 ** (attempt - 1)));
    let res: Response;
    try {
      res = await fetch(url, { headers, redirect: 'follow' });
    } catch (err) {
      lastError = err;
      continue;
    }
    if (res.ok) return res;
    if (res.status === 429 || res.status >= 500) {
      lastError = new HubError('Hub request failed', url, res.status);
      await res.body?.cancel();
      continue;
    }
    await res.body?.cancel();
    const hint =
      res.status === 401 || res.status === 403
        ? '; the dataset may be gated: set HF_TOKEN'
        : res.status === 404
          ? '; check the dataset name, config, split and revision'
          : '';
    throw new HubError(`Hub request failed${hint}`, url, res.status);
  }
  if (lastError instanceof HubError) throw lastError;
  throw new HubError(
    `cannot reach the Hub: ${lastError instanceof Error ? lastError.message : String(lastError)}; give the benchmark's file with --data (or data_dir in a study file) to work offline`,
    url,
  );
}
