/**
 * The wasm module as a host for the OpenBLAS backend's buffers and non-matmul kernels.
 *
 * Why: OpenBLAS brings only sgemm. The model's other kernels (GELU, layer norm, bias sums) exist in
 * two forms — plain TypeScript (slow: ~45 % of a training step next to OpenBLAS matmuls) and the
 * wasm module's SIMD versions, which read their operands from the wasm memory. Allocating the
 * OpenBLAS backend's buffers in a wasm heap lets both run on the same memory: N-API hands the addon
 * a pointer into the SharedArrayBuffer, the wasm kernels get byte offsets, and nothing is copied.
 */
import type { ComputeBackend } from '../backend.js';
import { createWasmBackend } from '../wasm/wasm-backend.js';
import { findSgemmWasm } from '../wasm/wasm-file.js';

/** A private wasm backend (own memory) to allocate from, or undefined when the module is not built. */
export function hostWasmHeap(wasmFile?: string): Pick<ComputeBackend, 'alloc' | 'release' | 'kernels'> | undefined {
  const file = wasmFile ?? findSgemmWasm();
  if (file === undefined) return undefined;
  const wasm = createWasmBackend({ wasmFile: file });
  return wasm.kernels === undefined ? undefined : wasm;
}
