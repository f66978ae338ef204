import type { FloatArray } from '../float-array.js';

/**
 * Rotary position embeddings (RoPE): each pair (x[2i], x[2i+1]) of a head vector at position p is
 * rotated by the angle p·base^(−2i/hd). Attention scores then depend only on relative positions.
 * The inverse rotation (−angle) is the backward pass.
 */
export interface RotaryTable {
  context: number;
  headDim: number;
  /** cos and sin of every (position, pair) angle: [context, headDim/2]. */
  cos: Float64Array;
  sin: Float64Array;
}

const BASE = 10000;
const tables = new Map<string, RotaryTable>();

/** The (memoised) table for a context length and an even head dimension. */
export function rotaryTable(context: number, headDim: number): RotaryTable {
  const key = `${context}/${headDim}`;
  let t = tables.get(key);
  if (!t) {
    const half = headDim / 2;
    const cos = new Float64Array(context * half);
    const sin = new Float64Array(context * half);
    for (let p = 0; p < context; p++)
      for (let i = 0; i < half; i++) {
        const angle = p * Math.pow(BASE, (-2 * i) / headDim);
        cos[p * half + i] = Math.cos(angle);
        sin[p * half + i] = Math.sin(angle);
      }
    t = { context, headDim, cos, sin };
    tables.set(key, t);
  }
  return t;
}

/** Rotate one head vector x[offset .. offset+hd) to position `pos` (or back, with `inverse`). */
export function rotateVector(x: FloatArray, offset: number, pos: number, table: RotaryTable, inverse: boolean): void {
  const half = table.headDim / 2;
  const base = pos * half;
  const sign = inverse ? -1 : 1;
  for (let i = 0; i < half; i++) {
    const c = table.cos[base + i];
    const s = sign * table.sin[base + i];
    const a = x[offset + 2 * i];
    const b = x[offset + 2 * i + 1];
    x[offset + 2 * i] = a * c - b * s;
    x[offset + 2 * i + 1] = a * s + b * c;
  }
}

/** Rotate every vector of a head-major [B, H, T, hd] array; the position of row t is t. */
export function rotateHeads(x: FloatArray, B: number, H: number, T: number, table: RotaryTable, inverse: boolean): void {
  const hd = table.headDim;
  for (let bh = 0; bh < B * H; bh++) for (let t = 0; t < T; t++) rotateVector(x, (bh * T + t) * hd, t, table, inverse);
}
