import type { FloatArray } from '../float-array.js';

/**
 * out[r, j] = x[r, j] + b[j] (just b[j] when x is null): the starting value of a gemm that then
 * accumulates, so bias and residual need no pass of their own. out may alias x.
 */
export function rowsPlusBias(x: FloatArray | null, b: FloatArray, out: FloatArray, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    if (x === null) for (let j = 0; j < n; j++) out[o + j] = b[j];
    else for (let j = 0; j < n; j++) out[o + j] = x[o + j] + b[j];
  }
}

/** db[j] += Σ_r dy[r, j]: a bias gradient. */
export function accumulateColumnSums(dy: FloatArray, db: FloatArray, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    for (let j = 0; j < n; j++) db[j] += dy[o + j];
  }
}
