import { RequestFailure } from './http/request-failure.js';
import { backoffDelay, type RetryPolicy } from './retry-policy.js';

/**
 * Calls `fn` until it succeeds, a failure is not retryable, or the attempts run out. Only
 * RequestFailure is retried; anything else is a bug or bad input and is thrown at once.
 */
export interface RetryOptions {
  policy: RetryPolicy;
  random: () => number;
  signal?: AbortSignal;
  onAttemptFailed?: (error: RequestFailure, willRetry: boolean) => void;
}

export type Attempted<T> = { ok: true; value: T; attempts: number; latencyMs: number } | { ok: false; error: RequestFailure; attempts: number };

export async function retrying<T>(fn: () => Promise<T>, o: RetryOptions): Promise<Attempted<T>> {
  for (let attempts = 1; ; attempts++) {
    const started = performance.now();
    try {
      const value = await fn();
      return { ok: true, value, attempts, latencyMs: performance.now() - started };
    } catch (err) {
      if (!(err instanceof RequestFailure)) throw err;
      const willRetry = err.retryable && attempts < o.policy.maxAttempts && !o.signal?.aborted;
      o.onAttemptFailed?.(err, willRetry);
      if (!willRetry) return { ok: false, error: err, attempts };
      await sleep(backoffDelay(o.policy, attempts, o.random, err.retryAfterMs), o.signal);
    }
  }
}

/** Like `retrying`, but throws the last failure. */
export async function retryingOrThrow<T>(fn: () => Promise<T>, o: RetryOptions): Promise<T> {
  const r = await retrying(fn, o);
  if (!r.ok) throw r.error;
  return r.value;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
