import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sampleSeed, MAX_PROBLEM_INDEX, MAX_SAMPLE_INDEX } from '../../src/study/index.js';

describe('sampleSeed', () => {
  it('is a pure function, consecutive in the sample index, and below 2^53', () => {
    expect(sampleSeed(7, 3, 10)).toBe(sampleSeed(7, 3, 10));
    expect(sampleSeed(7, 3, 11) - sampleSeed(7, 3, 10)).toBe(1);
    expect(sampleSeed(7, MAX_PROBLEM_INDEX, MAX_SAMPLE_INDEX)).toBeLessThan(2 ** 53);
    expect(sampleSeed(7, 3, 10)).not.toBe(sampleSeed(8, 3, 10));
    expect(sampleSeed(2 ** 40, 0, 0)).not.toBe(sampleSeed(2 ** 40 + 2 ** 33, 0, 0));
  });

  it('never repeats a seed within a run (1,000 problems × 1,024 samples)', () => {
    const seen = new Set<number>();
    for (let p = 0; p < 1000; p++) for (let s = 0; s < 1024; s++) seen.add(sampleSeed(123456789, p, s));
    expect(seen.size).toBe(1000 * 1024);
  });

  it('property: distinct slots of one run get distinct seeds', () => {
    const slot = fc.tuple(fc.integer({ min: 0, max: MAX_PROBLEM_INDEX }), fc.integer({ min: 0, max: MAX_SAMPLE_INDEX }));
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), slot, slot, (base, [p1, s1], [p2, s2]) => {
        fc.pre(p1 !== p2 || s1 !== s2);
        expect(sampleSeed(base, p1, s1)).not.toBe(sampleSeed(base, p2, s2));
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects out-of-range arguments', () => {
    expect(() => sampleSeed(-1, 0, 0)).toThrow(RangeError);
    expect(() => sampleSeed(0, MAX_PROBLEM_INDEX + 1, 0)).toThrow(/problem index/);
    expect(() => sampleSeed(0, 0, MAX_SAMPLE_INDEX + 1)).toThrow(/sample index/);
  });
});
