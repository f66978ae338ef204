/**
 * Cui et al. (arXiv 2505.22617) find that over RL training the mean reward R and the policy entropy
 * H follow R = −a·e^H + b: performance is bought with entropy, and the ceiling is b − a (H = 0).
 * Least squares on x = e^H is linear: a = −slope, b = intercept. R² says how well it holds here.
 */
export interface EntropyRewardFit {
  a: number;
  b: number;
  r2: number;
  /** R predicted at H = 0: the fit's ceiling for this run. */
  ceiling: number;
  points: number;
}

export function fitEntropyReward(points: readonly { entropy: number; reward: number }[]): EntropyRewardFit | null {
  const n = points.length;
  if (n < 3) return null;
  const xs = points.map((p) => Math.exp(p.entropy));
  const ys = points.map((p) => p.reward);
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
    syy += (ys[i] - my) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { a: -slope, b: intercept, r2, ceiling: intercept + slope, points: n };
}
