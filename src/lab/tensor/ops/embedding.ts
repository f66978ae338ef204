import type { FloatArray } from '../float-array.js';

/**
 * x[r] = wte[token[r]] + wpe[position[r]] for each of `rows` rows of width d (just the token
 * embedding when `wpe` is null, i.e. rotary positions). Positions are passed per row so that
 * training (position = t) and decoding (position = prompt length + step) share one kernel.
 */
export function embeddingForward(
  tokens: Int32Array,
  positions: Int32Array,
  wte: FloatArray,
  wpe: FloatArray | null,
  x: FloatArray,
  rows: number,
  d: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    const to = tokens[r] * d;
    if (wpe === null) for (let j = 0; j < d; j++) x[o + j] = wte[to + j];
    else {
      const po = positions[r] * d;
      for (let j = 0; j < d; j++) x[o + j] = wte[to + j] + wpe[po + j];
    }
  }
}

/** Scatter-add of the embedding gradient: dWte[token[r]] += dx[r], dWpe[position[r]] += dx[r]. */
export function embeddingBackward(
  tokens: Int32Array,
  positions: Int32Array,
  dx: FloatArray,
  dWte: FloatArray,
  dWpe: FloatArray | null,
  rows: number,
  d: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    const to = tokens[r] * d;
    for (let j = 0; j < d; j++) dWte[to + j] += dx[o + j];
    if (dWpe !== null) {
      const po = positions[r] * d;
      for (let j = 0; j < d; j++) dWpe[po + j] += dx[o + j];
    }
  }
}
