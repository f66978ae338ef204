import { describe, expect, it } from 'vitest';
import { gemm, referenceBackend } from '../../../src/lab/tensor/reference-backend.js';
import { Rng } from '../../../src/lab/tensor/rng.js';

/** Textbook triple loop in float64: the definition the fast kernels are held to. */
function naive(transA: boolean, transB: boolean, M: number, N: number, K: number, A: ArrayLike<number>, B: ArrayLike<number>): Float64Array {
  const C = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += (transA ? A[k * M + i] : A[i * K + k]) * (transB ? B[j * K + k] : B[k * N + j]);
      C[i * N + j] = s;
    }
  return C;
}

function fill(rng: Rng, n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal();
  return a;
}

const shapes: [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 3],
  [5, 1, 9],
  [3, 5, 7],
  [4, 4, 4],
  [9, 13, 17],
  [33, 65, 31],
  [64, 48, 16],
  [1, 192, 64],
  [70, 3, 130],
];

describe('reference sgemm', () => {
  for (const transA of [false, true])
    for (const transB of [false, true])
      it(`matches the float64 triple loop (transA=${transA}, transB=${transB}) on odd shapes, with and without accumulate`, () => {
        const rng = new Rng(transA ? (transB ? 4 : 3) : transB ? 2 : 1);
        for (const [M, N, K] of shapes) {
          const A = fill(rng, M * K);
          const B = fill(rng, K * N);
          const want = naive(transA, transB, M, N, K, A, B);
          const C = fill(rng, M * N);
          const before = Float32Array.from(C);
          referenceBackend.sgemm(transA, transB, M, N, K, A, B, C, true);
          for (let i = 0; i < M * N; i++) expect(C[i]).toBeCloseTo(before[i] + want[i], 4);
          referenceBackend.sgemm(transA, transB, M, N, K, A, B, C, false);
          for (let i = 0; i < M * N; i++) expect(Math.abs(C[i] - want[i])).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(want[i])));
        }
      });

  it('computes each row independently of how many rows are in the call (bit-exact)', () => {
    const rng = new Rng(7);
    for (const transB of [false, true]) {
      const M = 11,
        N = 19,
        K = 23;
      const A = fill(rng, M * K);
      const B = fill(rng, K * N);
      const all = new Float32Array(M * N);
      gemm(false, transB, M, N, K, A, B, all, false);
      for (let i = 0; i < M; i++) {
        const one = new Float32Array(N);
        gemm(false, transB, 1, N, K, A.subarray(i * K, (i + 1) * K), B, one, false);
        expect(Array.from(one)).toEqual(Array.from(all.subarray(i * N, (i + 1) * N)));
      }
    }
  });

  it('works in float64 with float64 buffers', () => {
    const rng = new Rng(9);
    const A = Float64Array.from(fill(rng, 6 * 5));
    const B = Float64Array.from(fill(rng, 5 * 7));
    const C = new Float64Array(6 * 7);
    gemm(false, false, 6, 7, 5, A, B, C, false);
    const want = naive(false, false, 6, 7, 5, A, B);
    for (let i = 0; i < C.length; i++) expect(Math.abs(C[i] - want[i])).toBeLessThan(1e-12);
  });

  it('K = 0 gives zeros (or leaves C unchanged when accumulating)', () => {
    const C = new Float32Array([1, 2, 3, 4]);
    gemm(false, false, 2, 2, 0, new Float32Array(0), new Float32Array(0), C, true);
    expect(Array.from(C)).toEqual([1, 2, 3, 4]);
    gemm(false, false, 2, 2, 0, new Float32Array(0), new Float32Array(0), C, false);
    expect(Array.from(C)).toEqual([0, 0, 0, 0]);
  });
});
