import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/analyze/index.js';

describe('seeded PRNG', () => {
  it('is reproducible, seed-sensitive (including the high half of the seed), and roughly uniform', () => {
    const draw = (seed: number) => {
      const r = createRng(seed);
      return Array.from({ length: 5 }, () => r.nextUint32());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(1)).not.toEqual(draw(1 + 2 ** 32));
    const r = createRng(9);
    const buckets = new Array(10).fill(0);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const f = r.nextFloat();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      sum += f;
      buckets[r.nextInt(10)]++;
    }
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
    expect(() => createRng(1.5)).toThrow(RangeError);
  });
});
