import type { FloatArray } from '../float-array.js';

/** y[r, j] += b[j] for every row of a rows × n matrix. */
export function addBiasRows(y: FloatArray, b: FloatArray, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    for (let j = 0; j < n; j++) y[o + j] += b[j];
  }
}

/** db[j] += Σ_r dy[r, j]: a bias gradient. */
export function accumulateColumnSums(dy: FloatArray, db: FloatArray, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    for (let j = 0; j < n; j++) db[j] += dy[o + j];
  }
}
