/**
 * Argument checks shared by the fast sgemm backends. The kernels index raw memory, so a short
 * buffer or a C that overlaps an input would silently read or corrupt a neighbouring tensor
 * instead of throwing; these few comparisons per call rule that out. (Callers pass whether the
 * buffers share memory, having read each `.buffer` once: on V8 that getter costs ~0.1 µs.)
 */
export function checkSgemmArgs(
  M: number,
  N: number,
  K: number,
  A: Float32Array,
  B: Float32Array,
  C: Float32Array,
  /** Whether C lives in the same memory as A, and as B (then byte ranges must not overlap). */
  cSharesA: boolean,
  cSharesB: boolean,
): void {
  if (!isCount(M) || !isCount(N) || !isCount(K)) {
    throw new RangeError(`sgemm: M, N and K must be non-negative integers (got M=${M}, N=${N}, K=${K})`);
  }
  if (A.length < M * K) throw new RangeError(`sgemm: A has ${A.length} elements, needs M·K = ${M * K}`);
  if (B.length < K * N) throw new RangeError(`sgemm: B has ${B.length} elements, needs K·N = ${K * N}`);
  if (C.length < M * N) throw new RangeError(`sgemm: C has ${C.length} elements, needs M·N = ${M * N}`);
  if (cSharesA && overlaps(C, M * N, A, M * K)) throw new RangeError('sgemm: C overlaps A (outputs must not alias inputs)');
  if (cSharesB && overlaps(C, M * N, B, K * N)) throw new RangeError('sgemm: C overlaps B (outputs must not alias inputs)');
}

/** The same checks for a product with a pre-packed B (its panels are private memory: only C against A can overlap). */
export function checkPackedGemmArgs(M: number, N: number, K: number, A: Float32Array, C: Float32Array): void {
  if (!isCount(M)) throw new RangeError(`packed gemm: M must be a non-negative integer (got ${M})`);
  if (A.length < M * K) throw new RangeError(`packed gemm: A has ${A.length} elements, needs M·K = ${M * K}`);
  if (C.length < M * N) throw new RangeError(`packed gemm: C has ${C.length} elements, needs M·N = ${M * N}`);
  if (overlaps(C, M * N, A, M * K)) throw new RangeError('packed gemm: C overlaps A (outputs must not alias inputs)');
}

function isCount(x: number): boolean {
  return Number.isInteger(x) && x >= 0 && x <= 0x3fffffff;
}

function overlaps(x: Float32Array, xLength: number, y: Float32Array, yLength: number): boolean {
  if (xLength === 0 || yLength === 0) return false;
  const x0 = x.byteOffset;
  const y0 = y.byteOffset;
  return x0 < y0 + 4 * yLength && y0 < x0 + 4 * xLength;
}
