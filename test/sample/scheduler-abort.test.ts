import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, seededRandom } from '../../src/sample/retry-policy.js';
import { runScheduled } from '../../src/sample/scheduler.js';

describe('runScheduled and an abort signal', () => {
  it('starts nothing when the signal fired before it began (Ctrl-C during the probe)', async () => {
    const stopped = new AbortController();
    stopped.abort();
    const started: number[] = [];
    await runScheduled(
      [1, 2, 3],
      async (t) => (started.push(t), t),
      () => undefined,
      { maxConcurrency: 2, retry: DEFAULT_RETRY, random: seededRandom(1), signal: stopped.signal },
    );
    expect(started).toEqual([]);
  });

  it('runs every task when the signal never fires', async () => {
    const done: number[] = [];
    await runScheduled(
      [1, 2, 3],
      async (t) => t,
      (t) => void done.push(t),
      { maxConcurrency: 2, retry: DEFAULT_RETRY, random: seededRandom(1), signal: new AbortController().signal },
    );
    expect(done.sort()).toEqual([1, 2, 3]);
  });
});
