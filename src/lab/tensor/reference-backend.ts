import type { ComputeBackend } from './backend.js';
import type { FloatArray, Gemm } from './float-array.js';

/**
 * Plain-TypeScript gemm: the test oracle for the fast backends, and the fallback when nothing
 * faster is available.
 *
 *   C (M×N) = op(A) · op(B)   (+= C when `accumulate`)
 *
 * Sums run in float64 and are rounded once when stored. Transposed-A inputs are first packed into
 * a row-major scratch copy (O(MK) against O(MNK) work), so only two inner kernels exist:
 * `rowsTimesMatrix` (i-k-j order, 4 rows × 4 k register tile) and `rowsDotRows` (for op(B) = Bᵀ,
 * where both operands are read along contiguous rows).
 *
 * Determinism contract (the sampler relies on it): the value computed for one row of C depends only
 * on that row of op(A) and on op(B) — never on M or on which tile the row fell into. Every row goes
 * through the same k-order and the same grouping of additions.
 */
export const gemm: Gemm = (transA, transB, M, N, K, A, B, C, accumulate) => {
  if (M === 0 || N === 0) return;
  if (K === 0) {
    if (!accumulate) C.fill(0, 0, M * N);
    return;
  }
  const a = transA ? packTranspose(A, K, M) : A;
  if (transB) rowsDotRows(M, N, K, a, B, C, accumulate);
  else rowsTimesMatrix(M, N, K, a, B, C, accumulate);
};

let scratch64 = new Float64Array(0);
let scratch32 = new Float32Array(0);
let acc = new Float64Array(0);

/** Row-major copy of the transpose of `src` (rows × cols) — same element type, so values are exact. */
function packTranspose(src: FloatArray, rows: number, cols: number): FloatArray {
  const n = rows * cols;
  let dst: FloatArray;
  if (src instanceof Float32Array) {
    if (scratch32.length < n) scratch32 = new Float32Array(n);
    dst = scratch32;
  } else {
    if (scratch64.length < n) scratch64 = new Float64Array(n);
    dst = scratch64;
  }
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) dst[c * rows + r] = src[base + c];
  }
  return dst;
}

/** C = A·B with A (M×K) and B (K×N) row-major. */
function rowsTimesMatrix(M: number, N: number, K: number, A: FloatArray, B: FloatArray, C: FloatArray, accumulate: boolean): void {
  if (acc.length < 4 * N) acc = new Float64Array(4 * N);
  const K4 = K - (K % 4);
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    acc.fill(0, 0, 4 * N);
    const r0 = i * K;
    const r1 = r0 + K;
    const r2 = r1 + K;
    const r3 = r2 + K;
    const o1 = N;
    const o2 = 2 * N;
    const o3 = 3 * N;
    for (let k = 0; k < K4; k += 4) {
      const a00 = A[r0 + k],
        a01 = A[r0 + k + 1],
        a02 = A[r0 + k + 2],
        a03 = A[r0 + k + 3];
      const a10 = A[r1 + k],
        a11 = A[r1 + k + 1],
        a12 = A[r1 + k + 2],
        a13 = A[r1 + k + 3];
      const a20 = A[r2 + k],
        a21 = A[r2 + k + 1],
        a22 = A[r2 + k + 2],
        a23 = A[r2 + k + 3];
      const a30 = A[r3 + k],
        a31 = A[r3 + k + 1],
        a32 = A[r3 + k + 2],
        a33 = A[r3 + k + 3];
      const b0 = k * N;
      const b1 = b0 + N;
      const b2 = b1 + N;
      const b3 = b2 + N;
      for (let j = 0; j < N; j++) {
        const x0 = B[b0 + j],
          x1 = B[b1 + j],
          x2 = B[b2 + j],
          x3 = B[b3 + j];
        acc[j] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
        acc[o1 + j] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
        acc[o2 + j] += a20 * x0 + a21 * x1 + a22 * x2 + a23 * x3;
        acc[o3 + j] += a30 * x0 + a31 * x1 + a32 * x2 + a33 * x3;
      }
    }
    for (let k = K4; k < K; k++) {
      const a0 = A[r0 + k],
        a1 = A[r1 + k],
        a2 = A[r2 + k],
        a3 = A[r3 + k];
      const b0 = k * N;
      for (let j = 0; j < N; j++) {
        const x = B[b0 + j];
        acc[j] += a0 * x;
        acc[o1 + j] += a1 * x;
        acc[o2 + j] += a2 * x;
        acc[o3 + j] += a3 * x;
      }
    }
    storeRows(acc, C, i * N, 4 * N, accumulate);
  }
  for (; i < M; i++) {
    acc.fill(0, 0, N);
    const r0 = i * K;
    for (let k = 0; k < K4; k += 4) {
      const a0 = A[r0 + k],
        a1 = A[r0 + k + 1],
        a2 = A[r0 + k + 2],
        a3 = A[r0 + k + 3];
      const b0 = k * N;
      const b1 = b0 + N;
      const b2 = b1 + N;
      const b3 = b2 + N;
      for (let j = 0; j < N; j++) acc[j] += a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j];
    }
    for (let k = K4; k < K; k++) {
      const a0 = A[r0 + k];
      const b0 = k * N;
      for (let j = 0; j < N; j++) acc[j] += a0 * B[b0 + j];
    }
    storeRows(acc, C, i * N, N, accumulate);
  }
}

/** C = A·Bᵀ with A (M×K) and B (N×K) row-major: every entry is a dot product of two rows. */
function rowsDotRows(M: number, N: number, K: number, A: FloatArray, B: FloatArray, C: FloatArray, accumulate: boolean): void {
  const K4 = K - (K % 4);
  for (let i = 0; i < M; i++) {
    const ra = i * K;
    const rc = i * N;
    for (let j = 0; j < N; j++) {
      const rb = j * K;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let k = 0; k < K4; k += 4) {
        s0 += A[ra + k] * B[rb + k];
        s1 += A[ra + k + 1] * B[rb + k + 1];
        s2 += A[ra + k + 2] * B[rb + k + 2];
        s3 += A[ra + k + 3] * B[rb + k + 3];
      }
      for (let k = K4; k < K; k++) s0 += A[ra + k] * B[rb + k];
      const s = s0 + s1 + (s2 + s3);
      if (accumulate) C[rc + j] += s;
      else C[rc + j] = s;
    }
  }
}

function storeRows(src: Float64Array, C: FloatArray, offset: number, length: number, accumulate: boolean): void {
  if (accumulate) for (let j = 0; j < length; j++) C[offset + j] += src[j];
  else for (let j = 0; j < length; j++) C[offset + j] = src[j];
}

/** The plain-TypeScript backend ("ts-reference"): ordinary Float32Arrays and `gemm` above. */
export const referenceBackend: ComputeBackend = {
  name: 'ts-reference',
  alloc: (length: number) => new Float32Array(length),
  sgemm: gemm,
};
