/**
 * Buffers of the lab's kernels. Production runs use Float32Array only (so every inner loop stays
 * monomorphic); the float64 "reference mode" exists for finite-difference gradient checks, where
 * float32 rounding would drown the signal.
 */
export type FloatArray = Float32Array | Float64Array;

export type Precision = 'float32' | 'float64';

export function allocLike(precision: Precision, length: number): FloatArray {
  return precision === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

/** C (M×N) = op(A)·op(B) (+= C when `accumulate`); see ComputeBackend.sgemm for the layout rules. */
export type Gemm = (
  transA: boolean,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: FloatArray,
  B: FloatArray,
  C: FloatArray,
  accumulate: boolean,
) => void;
