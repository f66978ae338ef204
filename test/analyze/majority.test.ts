import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { majAtK, majAtKProblem, avgAtN, datasetPassHatK, outcomeFromScores, type ProblemOutcome } from '../../src/analyze/index.js';

/** Brute force: enumerate every k-subset, vote, split ties evenly. */
function bruteMaj(o: ProblemOutcome, k: number): number {
  const n = o.n;
  let total = 0;
  let subsets = 0;
  const pick: number[] = [];
  const rec = (start: number): void => {
    if (pick.length === k) {
      subsets++;
      const votes = new Map<string, number[]>();
      for (const i of pick) {
        const a = o.answers![i];
        if (a !== null) votes.set(a, [...(votes.get(a) ?? []), i]);
      }
      if (votes.size === 0) return;
      const top = Math.max(...[...votes.values()].map((v) => v.length));
      const leaders = [...votes.entries()].filter(([, v]) => v.length === top);
      for (const [answer] of leaders) {
        const group = o.answers!.map((a, i) => (a === answer ? i : -1)).filter((i) => i >= 0);
        const frac = group.reduce((s, i) => s + o.scores![i], 0) / group.length;
        total += frac / leaders.length;
      }
      return;
    }
    for (let i = start; i < n; i++) {
      pick.push(i);
      rec(i + 1);
      pick.pop();
    }
  };
  rec(0);
  return total / subsets;
}

describe('maj@k', () => {
  it('equals brute-force enumeration on random small problems', () => {
    const arb = fc
      .array(fc.constantFrom<string | null>('42', '41', '7', null), { minLength: 1, maxLength: 10 })
      .chain((answers) => fc.tuple(fc.constant(answers), fc.integer({ min: 1, max: answers.length })));
    fc.assert(
      fc.property(arb, ([answers, k]) => {
        const o = outcomeFromScores(
          'p',
          answers.map((a) => (a === '42' ? 1 : 0)),
          answers,
        );
        expect(Math.abs(majAtKProblem(o, k) - bruteMaj(o, k))).toBeLessThan(1e-12);
      }),
      { numRuns: 150 },
    );
  });

  it('k = 1 equals accuracy; a clear majority wins at large k; works at n = 1024', () => {
    const answers = Array.from({ length: 1024 }, (_, i) => (i % 3 === 0 ? 'right' : i % 3 === 1 ? 'wrong' : `w${i}`));
    const o = outcomeFromScores(
      'big',
      answers.map((a) => (a === 'right' ? 1 : 0)),
      answers,
    );
    expect(majAtKProblem(o, 1)).toBeCloseTo(o.c / o.n, 12);
    const at64 = majAtKProblem(o, 64);
    expect(at64).toBeGreaterThan(0.3);
    expect(at64).toBeLessThan(0.7); // 'right' and 'wrong' are equally common
    const skewed = outcomeFromScores(
      's',
      answers.map((_, i) => (i % 3 !== 2 ? 1 : 0)),
      answers.map((a, i) => (i % 3 !== 2 ? 'right' : a)),
    );
    expect(majAtKProblem(skewed, 31)).toBeGreaterThan(0.999);
  });

  it('needs answers', () => {
    expect(() => majAtK([{ problemId: 'x', n: 2, c: 1 }], 1)).toThrow(/needs extracted answers/);
  });
});

describe('avg@n and pass^k', () => {
  const outs = [outcomeFromScores('a', [1, 1, 0, 0]), outcomeFromScores('b', [1, 1, 1, 1])];
  it('avg@n is the mean accuracy; pass^k the mean all-correct probability', () => {
    expect(avgAtN(outs)).toBeCloseTo(0.75, 15);
    expect(datasetPassHatK(outs, 2)).toBeCloseTo((1 / 6 + 1) / 2, 15);
    expect(datasetPassHatK(outs, 4)).toBeCloseTo(0.5, 15);
  });
});
