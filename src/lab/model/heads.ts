import type { FloatArray } from '../tensor/float-array.js';

/**
 * Layout moves between row-major activations and head-major attention blocks. The compute
 * interface has no leading-dimension argument, so each (sequence, head) block must be contiguous
 * before it can go through gemm.
 */

/** qkv rows (N × 3d, N = B·T) → q, k, v each [B, H, T, hd]. */
export function splitQkv(qkv: FloatArray, q: FloatArray, k: FloatArray, v: FloatArray, B: number, T: number, H: number, hd: number): void {
  const d = H * hd;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const src = (b * T + t) * 3 * d;
      for (let h = 0; h < H; h++) {
        const dst = ((b * H + h) * T + t) * hd;
        const so = src + h * hd;
        for (let i = 0; i < hd; i++) {
          q[dst + i] = qkv[so + i];
          k[dst + i] = qkv[so + d + i];
          v[dst + i] = qkv[so + 2 * d + i];
        }
      }
    }
  }
}

/** Inverse of splitQkv (used for the gradient). */
export function mergeQkv(q: FloatArray, k: FloatArray, v: FloatArray, qkv: FloatArray, B: number, T: number, H: number, hd: number): void {
  const d = H * hd;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const dst = (b * T + t) * 3 * d;
      for (let h = 0; h < H; h++) {
        const src = ((b * H + h) * T + t) * hd;
        const o = dst + h * hd;
        for (let i = 0; i < hd; i++) {
          qkv[o + i] = q[src + i];
          qkv[o + d + i] = k[src + i];
          qkv[o + 2 * d + i] = v[src + i];
        }
      }
    }
  }
}

/** [B, H, T, hd] → rows N × d. */
export function headsToRows(src: FloatArray, dst: FloatArray, B: number, T: number, H: number, hd: number): void {
  const d = H * hd;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      for (let t = 0; t < T; t++) {
        const s = ((b * H + h) * T + t) * hd;
        const o = (b * T + t) * d + h * hd;
        for (let i = 0; i < hd; i++) dst[o + i] = src[s + i];
      }
    }
  }
}

/** rows N × d → [B, H, T, hd]. */
export function rowsToHeads(src: FloatArray, dst: FloatArray, B: number, T: number, H: number, hd: number): void {
  const d = H * hd;
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      for (let t = 0; t < T; t++) {
        const o = ((b * H + h) * T + t) * hd;
        const s = (b * T + t) * d + h * hd;
        for (let i = 0; i < hd; i++) dst[o + i] = src[s + i];
      }
    }
  }
}
