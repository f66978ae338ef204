import { describe, expect, it } from 'vitest';
import { AdaptiveLimit } from '../../src/sample/adaptive-limit.js';
import { backoffDelay, seededRandom } from '../../src/sample/retry-policy.js';

describe('AdaptiveLimit', () => {
  it('slow-starts up to the cap on a healthy server', () => {
    const l = new AdaptiveLimit(64);
    expect(l.current).toBe(4);
    for (let i = 0; i < 200; i++) l.onSuccess(10);
    expect(l.current).toBe(64);
  });

  it('halves on 429/503, never below 1, then grows back additively', () => {
    const l = new AdaptiveLimit(64, 64);
    l.onOverload();
    expect(l.current).toBe(32);
    for (let i = 0; i < 10; i++) l.onOverload();
    expect(l.current).toBe(1);
    for (let i = 0; i < 50; i++) l.onSuccess(10);
    expect(l.current).toBeGreaterThan(1);
    expect(l.current).toBeLessThan(16);
  });

  it('trims when latency rises far above the best seen', () => {
    const l = new AdaptiveLimit(100, 100);
    for (let i = 0; i < 20; i++) l.onSuccess(50);
    const before = l.current;
    for (let i = 0; i < 200; i++) l.onSuccess(2000);
    expect(l.current).toBeLessThan(before);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially under the cap, jittered, and honours Retry-After', () => {
    const r = seededRandom(1);
    const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    for (let k = 1; k < 8; k++) {
      const d = backoffDelay(policy, k, r, null);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(Math.min(1000, 100 * 2 ** (k - 1)));
    }
    expect(backoffDelay(policy, 1, r, 700)).toBeGreaterThanOrEqual(700);
    expect(backoffDelay(policy, 1, r, 60_000)).toBe(1000);
  });
});
