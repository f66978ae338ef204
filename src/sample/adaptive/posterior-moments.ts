import { logBeta } from '../../analyze/special.js';

/**
 * Moments of one problem's pass@k, f(p) = 1 − (1 − p)^k, when its rate p has the posterior
 * Beta(a, b) (the fitted prior updated with the problem's counts). Both moments are closed forms:
 * E[(1 − p)^j] = B(a, b + j) / B(a, b). k = 1 gives the rate itself (pass@1).
 */
export function passMean(a: number, b: number, k: number): number {
  return -Math.expm1(logBeta(a, b + k) - logBeta(a, b));
}

export function passVariance(a: number, b: number, k: number): number {
  const lb = logBeta(a, b);
  const m1 = Math.exp(logBeta(a, b + k) - lb);
  const m2 = Math.exp(logBeta(a, b + 2 * k) - lb);
  return Math.max(0, m2 - m1 * m1);
}

/**
 * Preposterior analysis (Raiffa & Schlaifer): how much s more samples of this problem are expected
 * to shrink the posterior variance of f. By the law of total variance the expected posterior
 * variance after the batch is Var(f) − Var_y(E[f | y]), y ~ BetaBinomial(s, a, b), so the expected
 * reduction is Var_y(E[f | y]) — computed exactly by summing over the s + 1 possible outcomes.
 */
export function expectedVarianceReduction(a: number, b: number, s: number, ks: readonly number[]): number[] {
  const lb = logBeta(a, b);
  const sums = ks.map(() => 0);
  const squares = ks.map(() => 0);
  // ln C(s, y) built incrementally, so the sum costs O(s · |ks|) log-Beta calls.
  let logChoose = 0;
  for (let y = 0; y <= s; y++) {
    if (y > 0) logChoose += Math.log((s - y + 1) / y);
    const a2 = a + y;
    const b2 = b + s - y;
    const lb2 = logBeta(a2, b2);
    const w = Math.exp(logChoose + lb2 - lb);
    if (w === 0) continue;
    for (let j = 0; j < ks.length; j++) {
      const e = -Math.expm1(logBeta(a2, b2 + ks[j]!) - lb2);
      sums[j] += w * e;
      squares[j] += w * e * e;
    }
  }
  return ks.map((_, j) => Math.max(0, squares[j]! - sums[j]! * sums[j]!));
}
