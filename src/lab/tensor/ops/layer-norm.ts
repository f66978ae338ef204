import type { FloatArray } from '../float-array.js';

export const LAYER_NORM_EPS = 1e-5;

/**
 * y = (x − mean) / sqrt(var + eps) · gamma + beta over each row of `x` (rows × d).
 * Saves each row's mean and 1/std for the backward pass.
 */
export function layerNormForward(
  x: FloatArray,
  gamma: FloatArray,
  beta: FloatArray,
  y: FloatArray,
  mean: FloatArray,
  rstd: FloatArray,
  rows: number,
  d: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += x[o + j];
    const m = s / d;
    let v = 0;
    for (let j = 0; j < d; j++) {
      const c = x[o + j] - m;
      v += c * c;
    }
    const rs = 1 / Math.sqrt(v / d + LAYER_NORM_EPS);
    mean[r] = m;
    rstd[r] = rs;
    for (let j = 0; j < d; j++) y[o + j] = (x[o + j] - m) * rs * gamma[j] + beta[j];
  }
}

/**
 * Backward of `layerNormForward`. ACCUMULATES into dx (the residual stream's gradient), dGamma and
 * dBeta, because in a pre-LN transformer all three already hold other contributions.
 */
export function layerNormBackward(
  dy: FloatArray,
  x: FloatArray,
  gamma: FloatArray,
  mean: FloatArray,
  rstd: FloatArray,
  dx: FloatArray,
  dGamma: FloatArray,
  dBeta: FloatArray,
  rows: number,
  d: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    const m = mean[r];
    const rs = rstd[r];
    let sumG = 0;
    let sumGX = 0;
    for (let j = 0; j < d; j++) {
      const xhat = (x[o + j] - m) * rs;
      const g = dy[o + j] * gamma[j];
      sumG += g;
      sumGX += g * xhat;
      dGamma[j] += dy[o + j] * xhat;
      dBeta[j] += dy[o + j];
    }
    const meanG = sumG / d;
    const meanGX = sumGX / d;
    for (let j = 0; j < d; j++) {
      const xhat = (x[o + j] - m) * rs;
      dx[o + j] += rs * (dy[o + j] * gamma[j] - meanG - xhat * meanGX);
    }
  }
}
