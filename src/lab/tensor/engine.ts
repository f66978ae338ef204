import type { AttentionKernels } from './attention-kernels.js';
import type { ComputeBackend } from './backend.js';
import type { FloatArray, Gemm, Precision } from './float-array.js';
import type { FastKernels } from './kernels.js';
import type { OptimizerKernels } from './optimizer-kernels.js';
import type { PackedGemm } from './packed-gemm.js';
import { gemm, referenceBackend } from './reference-backend.js';
import { getBackend } from './select-backend.js';

/**
 * What the model code computes with: a precision, an allocator and a gemm.
 *
 * In float32 mode this is a thin veneer over a `ComputeBackend` (every buffer comes from
 * `backend.alloc`, so the `as Float32Array` below always holds). In float64 mode — used only by
 * gradient checks — buffers are Float64Arrays and gemm is the reference implementation.
 */
export interface Engine {
  readonly precision: Precision;
  /** Name of the compute backend, for logs ("ts-reference", "wasm-simd", … or "float64-reference"). */
  readonly backendName: string;
  alloc(length: number): FloatArray;
  /** Gives a buffer from `alloc` back (see ComputeBackend.release); absent when there is nothing to free. */
  readonly release?: (buffer: FloatArray) => void;
  readonly gemm: Gemm;
  /** The backend's fast non-matmul kernels (float32 on a backend that has them), else undefined. */
  readonly kernels?: FastKernels;
  /** The backend's batched attention kernels (float32 on a backend that has them), else undefined. */
  readonly attention?: AttentionKernels;
  /** The backend's native optimizer update (float32 on a backend that has it), else undefined. */
  readonly optimizer?: OptimizerKernels;
  /** The backend's pre-packed-B products (float32 on a backend that has them), else undefined. */
  readonly packedGemm?: PackedGemm;
}

export function float32Engine(backend: ComputeBackend = referenceBackend): Engine {
  return {
    precision: 'float32',
    backendName: backend.name,
    alloc: (length) => backend.alloc(length),
    release: backend.release === undefined ? undefined : (buffer) => backend.release?.(buffer as Float32Array),
    gemm: (ta, tb, M, N, K, A, B, C, accumulate) => backend.sgemm(ta, tb, M, N, K, A as Float32Array, B as Float32Array, C as Float32Array, accumulate),
    kernels: backend.kernels,
    attention: backend.attention,
    optimizer: backend.optimizer,
    packedGemm: backend.packedGemm,
  };
}

export function float64Engine(): Engine {
  return {
    precision: 'float64',
    backendName: 'float64-reference',
    alloc: (length) => new Float64Array(length),
    gemm,
  };
}

/** float32 on the process's selected backend (`getBackend()`: wasm SIMD when built, else reference). */
export function defaultEngine(): Engine {
  return float32Engine(getBackend());
}

/**
 * Gives `buffers` (each from `engine.alloc`) back to the engine's backend; a no-op where the garbage
 * collector frees them (reference backend, float64). Owners call it from their `dispose()`.
 */
export function releaseBuffers(engine: Engine, buffers: Iterable<FloatArray>): void {
  const release = engine.release;
  if (release === undefined) return;
  for (const b of buffers) release(b);
}
