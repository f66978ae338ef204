import type { TokenRows } from './tokens.js';

/**
 * How the token variance inside whitening is estimated. verl: Bessel-corrected, `+1e-8` inside the
 * square root. OpenRLHF: biased (÷K), clamped at 1e-8 (rlvr-algorithms.md §0 and §6).
 */
export type VarianceConvention = 'verl' | 'openrlhf';

export interface WhitenResult {
  whitened: TokenRows;
  mean: number;
  variance: number;
}

/**
 * Masked whitening over every valid token of the whole batch, so each response weighs by its
 * token count. Padded positions come out as 0.
 */
export function maskedWhiten(x: TokenRows, mask: TokenRows, convention: VarianceConvention = 'verl'): WhitenResult {
  let k = 0;
  let sum = 0;
  x.forEach((row, i) =>
    row.forEach((v, t) => {
      if (mask[i][t] > 0) {
        k += mask[i][t];
        sum += v * mask[i][t];
      }
    }),
  );
  if (k === 0) return { whitened: x.map((row) => row.map(() => 0)), mean: 0, variance: 0 };
  const mu = sum / k;
  let sq = 0;
  x.forEach((row, i) => row.forEach((v, t) => (sq += mask[i][t] * (v - mu) ** 2)));
  let variance: number;
  let scale: number;
  if (convention === 'verl') {
    variance = k > 1 ? (sq / k) * (k / (k - 1)) : 0;
    scale = 1 / Math.sqrt(variance + 1e-8);
  } else {
    variance = sq / k;
    scale = 1 / Math.sqrt(Math.max(variance, 1e-8));
  }
  const whitened = x.map((row, i) => row.map((v, t) => (mask[i][t] > 0 ? (v - mu) * scale * mask[i][t] : 0)));
  return { whitened, mean: mu, variance };
}
