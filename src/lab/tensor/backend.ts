import type { AttentionKernels } from './attention-kernels.js';
import type { FastKernels } from './kernels.js';
import type { OptimizerKernels } from './optimizer-kernels.js';
import type { PackedGemm } from './packed-gemm.js';

/**
 * The one seam between the lab's model code and its compute kernels.
 *
 * Matrices are row-major Float32Array views. `sgemm` computes
 *   C (M×N) = op(A) · op(B)        (or C += … when `accumulate`)
 * where op(A) is M×K — A is stored M×K, or K×M when `transA` — and op(B) is K×N — B is stored
 * K×N, or N×K when `transB`. These four variants cover every matmul of a transformer's forward
 * and backward pass.
 *
 * Buffers should come from `alloc`: a backend whose kernels live in WebAssembly memory hands out
 * views of that memory so kernels run without copying. Any other Float32Array must still work
 * (a backend copies it in and out), only slower.
 */
export interface ComputeBackend {
  /** Short name shown in logs and benchmarks, e.g. "ts-reference", "wasm-simd", "openblas". */
  readonly name: string;
  /**
   * A zero-filled float32 buffer of `length` elements that stays valid until it is released (or for
   * the process lifetime).
   */
  alloc(length: number): Float32Array;
  /**
   * Optional: returns a buffer from `alloc` (the very view, not a subarray) so its memory can be
   * handed out again. Backends whose buffers are plain Float32Arrays leave it out (the garbage
   * collector frees them). After release neither the buffer nor any view into it may be used.
   */
  release?(buffer: Float32Array): void;
  sgemm(transA: boolean, transB: boolean, M: number, N: number, K: number, A: Float32Array, B: Float32Array, C: Float32Array, accumulate: boolean): void;
  /** Optional fast non-matmul kernels over this backend's buffers (see kernels.ts). */
  readonly kernels?: FastKernels;
  /** Optional native batched attention for the full forward/backward pass (see attention-kernels.ts). */
  readonly attention?: AttentionKernels;
  /** Optional native optimizer update (see optimizer-kernels.ts). */
  readonly optimizer?: OptimizerKernels;
  /** Optional products with a pre-packed B, bit-identical to `sgemm` (see packed-gemm.ts). */
  readonly packedGemm?: PackedGemm;
}
