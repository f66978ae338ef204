import { describe, expect, it } from 'vitest';
import { createRng, gPassAtK, gPassAtKProblem, gPassThreshold, hypergeometricTail, passAtK, passHatK, simulateOutcomes } from '../../src/analyze/index.js';

/** Every k-subset of n sample positions, counting those with at least `need` correct. */
function bruteForce(n: number, c: number, k: number, need: number): number {
  let hits = 0;
  let total = 0;
  const walk = (start: number, left: number, correct: number): void => {
    if (left === 0) {
      total++;
      if (correct >= need) hits++;
      return;
    }
    for (let i = start; i <= n - left; i++) walk(i + 1, left - 1, correct + (i < c ? 1 : 0));
  };
  walk(0, k, 0);
  return hits / total;
}

describe('G-Pass@k_τ', () => {
  it('matches brute-force enumeration of all k-subsets for small n', () => {
    for (let n = 1; n <= 9; n++) {
      for (let c = 0; c <= n; c++) {
        for (let k = 1; k <= n; k++) {
          for (const tau of [0.25, 0.5, 0.75, 1]) {
            expect(gPassAtKProblem(n, c, k, tau)).toBeCloseTo(bruteForce(n, c, k, gPassThreshold(tau, k)), 12);
          }
        }
      }
    }
  });

  it('reduces to pass@k for τ → 0⁺ and to pass^k at τ = 1, at n = 1,024', () => {
    for (const [c, k] of [
      [1, 1],
      [3, 512],
      [700, 1000],
      [1024, 1024],
      [0, 5],
    ] as const) {
      expect(gPassAtKProblem(1024, c, k, 1e-9)).toBeCloseTo(passAtK(1024, c, k), 10);
      expect(gPassAtKProblem(1024, c, k, 1)).toBeCloseTo(passHatK(1024, c, k), 10);
    }
    const tail = hypergeometricTail(1024, 500, 1024);
    expect(tail[0]).toBeCloseTo(1, 12);
    expect(gPassThreshold(0.75, 4)).toBe(3);
    expect(gPassThreshold(0.5, 3)).toBe(2);
  });

  it('averages over problems with bands, and mG-Pass@k is the mean over majority thresholds', () => {
    const o = [
      { problemId: 'a', n: 8, c: 8 },
      { problemId: 'b', n: 8, c: 4 },
      { problemId: 'c', n: 8, c: 0 },
    ];
    const r = gPassAtK(o, [4], [0.5, 1], { resamples: 200 });
    const half = (1 + bruteForce(8, 4, 4, 2) + 0) / 3;
    expect(r.curves[0]!.points[0]!.value).toBeCloseTo(half, 12);
    expect(r.curves[1]!.points[0]!.value).toBeCloseTo((1 + bruteForce(8, 4, 4, 4)) / 3, 12);
    // k = 4: thresholds i = 3, 4 → (2/4)(G@4_{3/4} + G@4_{1}).
    const mgB = 0.5 * (bruteForce(8, 4, 4, 3) + bruteForce(8, 4, 4, 4));
    expect(r.mG[0]!.value).toBeCloseTo((1 + mgB) / 3, 12);
  });

  it('intervals cover the population value in ≥ 90 % of simulated benchmarks', () => {
    const rng = createRng(4);
    const k = 8;
    const tau = 0.5;
    // Population: rates uniform on [0,1]; P(Bin(8, p) ≥ 4) integrated over p = (8 − 4 + 1)/(8 + 1).
    const truth = 5 / 9;
    let covered = 0;
    const trials = 150;
    for (let t = 0; t < trials; t++) {
      const rates = Array.from({ length: 100 }, () => rng.nextFloat());
      const r = gPassAtK(simulateOutcomes(rates, 24, t), [k], [tau], { resamples: 400, seed: t });
      const p = r.curves[0]!.points[0]!;
      if (p.lo <= truth && truth <= p.hi) covered++;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.9);
  });
});
