import { describe, expect, it } from 'vitest';
import { planChunks } from '../../src/sample/plan.js';
import { sampleSeed } from '../../src/study/seed.js';

const all = (g: Iterable<unknown>) => [...g];

describe('planChunks', () => {
  it('splits n into requests of at most maxChoices with consecutive seeds', () => {
    const chunks = all(planChunks({ problemIndex: 3, n: 10, present: new Set(), seedOf: (i) => 500 + i, maxChoices: 4 }));
    expect(chunks).toEqual([
      { problemIndex: 3, firstSample: 0, count: 4, seed: 500 },
      { problemIndex: 3, firstSample: 4, count: 4, seed: 504 },
      { problemIndex: 3, firstSample: 8, count: 2, seed: 508 },
    ]);
  });

  it('tops up only the missing indices, cutting around present ones', () => {
    const chunks = all(planChunks({ problemIndex: 0, n: 8, present: new Set([0, 3, 4, 7]), seedOf: (i) => i, maxChoices: 64 }));
    expect(chunks).toEqual([
      { problemIndex: 0, firstSample: 1, count: 2, seed: 1 },
      { problemIndex: 0, firstSample: 5, count: 2, seed: 5 },
    ]);
  });

  it('cuts wherever seeds are not consecutive, so no two samples can share a seed', () => {
    const seedOf = (i: number) => (i < 3 ? 100 + i : 7 + i); // jump after index 2
    const chunks = all(planChunks({ problemIndex: 0, n: 6, present: new Set(), seedOf, maxChoices: 64 })) as {
      firstSample: number;
      count: number;
      seed: number;
    }[];
    expect(chunks.map((c) => [c.firstSample, c.count])).toEqual([
      [0, 3],
      [3, 3],
    ]);
    const seeds = chunks.flatMap((c) => Array.from({ length: c.count }, (_, k) => c.seed + k));
    expect(seeds).toEqual([0, 1, 2, 3, 4, 5].map(seedOf));
  });

  it('with the store seed function, 1,024 samples of 500 problems get 1,024 distinct, exact seeds per problem', () => {
    const seen = new Set<number>();
    let mismatches = 0;
    let requests = 0;
    for (let p = 0; p < 500; p++) {
      for (const c of planChunks({ problemIndex: p, n: 1024, present: new Set(), seedOf: (i) => sampleSeed(7, p, i), maxChoices: 64 })) {
        requests++;
        for (let k = 0; k < c.count; k++) {
          if (c.seed + k !== sampleSeed(7, p, c.firstSample + k)) mismatches++;
          seen.add(c.seed + k);
        }
      }
    }
    expect(mismatches).toBe(0);
    expect(requests).toBe(500 * 16);
    expect(seen.size).toBe(500 * 1024);
  });

  it('uses one request per sample when the server cannot batch (maxChoices 1)', () => {
    expect(all(planChunks({ problemIndex: 0, n: 3, present: new Set(), seedOf: (i) => i, maxChoices: 1 }))).toHaveLength(3);
  });
});
