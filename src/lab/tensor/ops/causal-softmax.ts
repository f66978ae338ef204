import type { FloatArray } from '../float-array.js';
import { fastExpNeg } from './fast-exp.js';

/**
 * Row-wise softmax of scale·S over the causal window: row i of a T × T score block sees columns
 * 0..i; later columns get probability 0. `s` and `p` may be the same buffer.
 */
export function causalSoftmaxForward(s: FloatArray, p: FloatArray, T: number, scale: number): void {
  for (let i = 0; i < T; i++) {
    const o = i * T;
    let max = -Infinity;
    for (let j = 0; j <= i; j++) {
      const v = s[o + j] * scale;
      if (v > max) max = v;
    }
    let sum = 0;
    for (let j = 0; j <= i; j++) {
      const e = fastExpNeg(s[o + j] * scale - max);
      p[o + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j <= i; j++) p[o + j] *= inv;
    for (let j = i + 1; j < T; j++) p[o + j] = 0;
  }
}

/**
 * Gradient w.r.t. the raw scores S given dP: dS_ij = scale · P_ij (dP_ij − Σ_k P_ik dP_ik).
 * `dp` and `ds` may be the same buffer. Masked entries get 0.
 */
export function causalSoftmaxBackward(p: FloatArray, dp: FloatArray, ds: FloatArray, T: number, scale: number): void {
  for (let i = 0; i < T; i++) {
    const o = i * T;
    let dot = 0;
    for (let j = 0; j <= i; j++) dot += p[o + j] * dp[o + j];
    for (let j = 0; j <= i; j++) ds[o + j] = scale * p[o + j] * (dp[o + j] - dot);
    for (let j = i + 1; j < T; j++) ds[o + j] = 0;
  }
}
