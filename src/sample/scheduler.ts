import { setMaxListeners } from 'node:events';
import { AdaptiveLimit } from './adaptive-limit.js';
import type { RequestFailure } from './http/request-failure.js';
import type { RetryPolicy } from './retry-policy.js';
import { retrying, type Attempted } from './retrying.js';

/**
 * Runs a stream of tasks with bounded, adaptive concurrency and per-task retries. Tasks are
 * pulled from the source only when a slot is free, so memory stays flat however long the stream.
 * A task that still fails after its retries (or fails in a way a retry cannot fix) is reported as
 * failed with its last error: the caller records it on the task's own slot; nothing is re-rolled.
 * Errors other than RequestFailure are bugs or bad input and stop the whole run.
 */
export type TaskOutcome<R> = Attempted<R>;

export interface SchedulerOptions {
  maxConcurrency: number;
  retry: RetryPolicy;
  random: () => number;
  /** Called for every failed attempt (for progress/error counts). */
  onAttemptFailed?: (error: RequestFailure, willRetry: boolean) => void;
  signal?: AbortSignal;
}

export async function runScheduled<T, R>(
  source: AsyncIterable<T> | Iterable<T>,
  attempt: (task: T, signal: AbortSignal) => Promise<R>,
  onDone: (task: T, outcome: TaskOutcome<R>) => Promise<void> | void,
  opts: SchedulerOptions,
): Promise<{ peakConcurrency: number; finalConcurrency: number }> {
  const limit = new AdaptiveLimit(opts.maxConcurrency);
  const stop = new AbortController();
  // Every in-flight request listens on this one signal; hundreds may be in flight.
  setMaxListeners(0, stop.signal);
  const onOuterAbort = (): void => stop.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  // A signal that fired before sampling started (Ctrl-C during the probe) fires no event again.
  if (opts.signal?.aborted) stop.abort();
  const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : toAsync(source[Symbol.iterator]());
  const running = new Set<Promise<void>>();
  let fatal: unknown = null;
  let peak = 0;

  const runOne = async (task: T): Promise<void> => {
    const outcome = await retrying(() => attempt(task, stop.signal), {
      policy: opts.retry,
      random: opts.random,
      signal: stop.signal,
      onAttemptFailed: (err, willRetry) => {
        if (err.overload) limit.onOverload();
        opts.onAttemptFailed?.(err, willRetry);
      },
    });
    if (outcome.ok) limit.onSuccess(outcome.latencyMs);
    else if (outcome.error.kind === 'aborted') return;
    await onDone(task, outcome);
  };

  try {
    for (;;) {
      while (running.size >= limit.current && fatal === null) await Promise.race(running);
      if (fatal !== null || stop.signal.aborted) break;
      const next = await iterator.next();
      if (next.done) break;
      const p: Promise<void> = runOne(next.value)
        .catch((e: unknown) => {
          if (fatal === null) fatal = e;
          stop.abort();
        })
        .finally(() => running.delete(p));
      running.add(p);
      peak = Math.max(peak, running.size);
    }
    await Promise.all(running);
  } finally {
    opts.signal?.removeEventListener('abort', onOuterAbort);
    await iterator.return?.();
  }
  if (fatal !== null) throw fatal;
  return { peakConcurrency: peak, finalConcurrency: limit.current };
}

async function* toAsync<T>(it: Iterator<T>): AsyncGenerator<T> {
  for (let r = it.next(); !r.done; r = it.next()) yield r.value;
}
