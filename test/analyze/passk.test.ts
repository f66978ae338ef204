import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { datasetPassAtK, passAtK, passAtKCurve, passHatK, planKs, powersOfTwoUpTo, type ProblemOutcome } from '../../src/analyze/index.js';
import { InputError } from '../../src/errors.js';
import { exactPassAtK, exactPassHatK } from './reference.js';

describe('pass@k of one problem', () => {
  it('matches exact rational values at n=1024 for c in {0,1,n-1,n} and k in {1,n} and between', () => {
    const n = 1024;
    for (const c of [0, 1, 2, 17, 512, n - 1, n]) {
      for (const k of [1, 2, 7, 64, 500, 1000, n - 1, n]) {
        expect(Math.abs(passAtK(n, c, k) - exactPassAtK(n, c, k))).toBeLessThan(1e-12);
      }
    }
    expect(passAtK(n, 0, 1)).toBe(0);
    expect(passAtK(n, 0, n)).toBe(0);
    expect(passAtK(n, 1, 1)).toBeCloseTo(1 / 1024, 15);
    expect(passAtK(n, 1, n)).toBe(1);
    expect(passAtK(n, n - 1, 1)).toBeCloseTo(1023 / 1024, 15);
    expect(passAtK(n, n, 1)).toBe(1);
  });

  it('the all-k curve agrees with the exact values at every k for n=1024', () => {
    const n = 1024;
    for (const c of [0, 1, 3, 100, n - 1, n]) {
      const curve = passAtKCurve(n, c);
      let worst = 0;
      for (let k = 1; k <= n; k += c === 100 ? 1 : 7) worst = Math.max(worst, Math.abs(curve[k - 1] - exactPassAtK(n, c, k)));
      expect(worst).toBeLessThan(1e-12);
      expect(curve[n - 1]).toBe(c > 0 ? 1 : 0);
    }
  });

  it('stays within 1e-12 of the exact value at n=100,000', () => {
    const n = 100_000;
    const curve = passAtKCurve(n, 40);
    for (const k of [1, 10, 1000, 5000, 20_000, 60_000, 99_960, 99_961, n]) {
      const exact = exactPassAtK(n, 40, k);
      expect(Math.abs(passAtK(n, 40, k) - exact)).toBeLessThan(1e-12);
      expect(Math.abs(curve[k - 1] - exact)).toBeLessThan(1e-12);
    }
    for (const [c, k] of [
      [3, 50_000],
      [1, 99_999],
      [2000, 30],
      [70_000, 2],
    ] as const) {
      expect(Math.abs(passAtK(n, c, k) - exactPassAtK(n, c, k))).toBeLessThan(1e-12);
    }
  });

  it('is 1 whenever n − c < k', () => {
    expect(passAtK(10, 5, 6)).toBe(1);
    expect(passAtKCurve(10, 5)[5]).toBe(1);
    expect(passAtK(10, 5, 5)).toBeLessThan(1);
  });

  it('property: monotone non-decreasing in k, k=1 equals c/n, k=n equals 1 iff c>0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }))),
        ([n, c]) => {
          const curve = passAtKCurve(n, c);
          for (let k = 1; k < n; k++) expect(curve[k]).toBeGreaterThanOrEqual(curve[k - 1] - 1e-15);
          expect(Math.abs(curve[0] - c / n)).toBeLessThan(1e-14);
          expect(Math.abs(passAtK(n, c, 1) - c / n)).toBeLessThan(1e-14);
          expect(curve[n - 1]).toBe(c > 0 ? 1 : 0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: single-k product and the curve recurrence agree', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }), fc.integer({ min: 1, max: n }))),
        ([n, c, k]) => {
          expect(Math.abs(passAtK(n, c, k) - passAtKCurve(n, c)[k - 1])).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('pass^k matches exact values', () => {
    for (const [n, c, k] of [
      [1024, 1000, 10],
      [1024, 1024, 1024],
      [100, 3, 4],
      [50, 25, 25],
    ] as const) {
      expect(Math.abs(passHatK(n, c, k) - exactPassHatK(n, c, k))).toBeLessThan(1e-12);
    }
    expect(passHatK(8, 8, 8)).toBe(1);
    expect(passHatK(8, 2, 3)).toBe(0);
  });

  it('rejects impossible counts', () => {
    expect(() => passAtK(10, 11, 1)).toThrow(RangeError);
    expect(() => passAtK(10, 1, 11)).toThrow(RangeError);
    expect(() => passAtK(0, 0, 1)).toThrow(RangeError);
  });
});

describe('dataset pass@k', () => {
  const outcomes: ProblemOutcome[] = [
    { problemId: 'a', n: 4, c: 0 },
    { problemId: 'b', n: 4, c: 1 },
    { problemId: 'c', n: 4, c: 4 },
  ];

  it('averages per-problem estimates at every k', () => {
    const r = datasetPassAtK(outcomes);
    expect(r.k).toEqual([1, 2, 3, 4]);
    expect(r.passAtK[0]).toBeCloseTo((0 + 0.25 + 1) / 3, 15);
    expect(r.passAtK[1]).toBeCloseTo((0 + 0.5 + 1) / 3, 15);
    expect(r.passAtK[3]).toBeCloseTo(2 / 3, 15);
    expect(r.ragged).toBe(false);
    expect(r.note).toBeNull();
  });

  it('ragged n: default k stops at the smallest n and says so; larger k is an error naming problems', () => {
    const ragged = [...outcomes, { problemId: 'short', n: 2, c: 1 }];
    const r = datasetPassAtK(ragged);
    expect(r.k).toEqual([1, 2]);
    expect(r.problems).toBe(4);
    expect(r.ragged).toBe(true);
    expect(r.note).toMatch(/between 2 and 4 samples/);
    expect(() => planKs(ragged, [1, 4])).toThrow(/k=4 exceeds .* short \(n=2\)/);
    expect(() => planKs(ragged, [1, 4])).toThrow(InputError);
  });

  it('k selections: pow2 includes n, explicit lists are sorted and deduplicated', () => {
    expect(powersOfTwoUpTo(100)).toEqual([1, 2, 4, 8, 16, 32, 64, 100]);
    expect(powersOfTwoUpTo(64)).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(planKs(outcomes, [4, 1, 1]).k).toEqual([1, 4]);
    expect(() => planKs(outcomes, [0])).toThrow(/positive integer/);
  });

  it('names invalid problems', () => {
    expect(() => datasetPassAtK([{ problemId: 'x', n: 3, c: 4 }])).toThrow(/problem "x".*c must be/);
    expect(() =>
      datasetPassAtK([
        { problemId: 'x', n: 2, c: 1 },
        { problemId: 'x', n: 2, c: 1 },
      ]),
    ).toThrow(/duplicate/);
    expect(() => datasetPassAtK([])).toThrow(/no problems/);
    expect(() => datasetPassAtK([{ problemId: 'y', n: 2, c: 1, scores: [1, 1] }])).toThrow(/scores sum to 2/);
  });
});
