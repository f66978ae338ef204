import { Rng } from '../util/rng.js';

/**
 * Retry timing: exponential backoff with full jitter (a uniform wait in [0, min(cap, base·2^k)]),
 * so that many clients hitting one overloaded server do not retry in lockstep. A server's
 * Retry-After wins when it is longer. The jitter comes from a seeded generator (no Math.random).
 */
export interface RetryPolicy {
  /** Attempts per request including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 30_000 };

export function backoffDelay(policy: RetryPolicy, failedAttempts: number, random: () => number, retryAfterMs: number | null): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  const jittered = random() * ceiling;
  return retryAfterMs !== null ? Math.max(jittered, Math.min(retryAfterMs, policy.maxDelayMs)) : jittered;
}

/** A seeded uniform generator in [0, 1) for the jitter (the shared xoshiro128**, lab seeding). */
export function seededRandom(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.uniform();
}
