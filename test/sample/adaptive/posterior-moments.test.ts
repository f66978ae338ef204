import { describe, expect, it } from 'vitest';
import { logBeta } from '../../../src/analyze/special.js';
import { expectedVarianceReduction, passMean, passVariance } from '../../../src/sample/adaptive/posterior-moments.js';

/** E[g(p)] under Beta(a, b) by the midpoint rule on a fine grid (independent of the closed forms). */
function integrate(a: number, b: number, g: (p: number) => number): number {
  const steps = 200_000;
  let s = 0;
  for (let t = 0; t < steps; t++) {
    const p = (t + 0.5) / steps;
    s += g(p) * Math.exp((a - 1) * Math.log(p) + (b - 1) * Math.log1p(-p) - logBeta(a, b));
  }
  return s / steps;
}

describe('posterior moments of pass@k', () => {
  it('match numerical integration', () => {
    for (const [a, b, k] of [
      [2.5, 7, 1],
      [1.5, 30, 16],
      [3, 3, 64],
    ] as const) {
      const f = (p: number): number => 1 - (1 - p) ** k;
      const mean = integrate(a, b, f);
      expect(passMean(a, b, k)).toBeCloseTo(mean, 4);
      expect(passVariance(a, b, k)).toBeCloseTo(integrate(a, b, (p) => f(p) ** 2) - mean * mean, 4);
    }
  });

  it('the expected variance reduction equals Var(f) − E[Var(f | y)] by enumeration of y', () => {
    const [a, b, s] = [0.7, 12, 8];
    for (const k of [1, 4, 32]) {
      let expectedPosteriorVar = 0;
      for (let y = 0; y <= s; y++) {
        const logChoose = logBeta(1, 1) - Math.log(s + 1) - logBeta(y + 1, s - y + 1); // ln C(s, y)
        const w = Math.exp(logChoose + logBeta(a + y, b + s - y) - logBeta(a, b));
        expectedPosteriorVar += w * passVariance(a + y, b + s - y, k);
      }
      const [red] = expectedVarianceReduction(a, b, s, [k]);
      expect(red!).toBeCloseTo(passVariance(a, b, k) - expectedPosteriorVar, 10);
      expect(red!).toBeGreaterThan(0);
    }
  });
});
