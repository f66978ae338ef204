/**
 * The portable fast backend: the AssemblyScript SIMD sgemm (assembly/sgemm.ts, compiled by
 * `npm run build`) over a shared WebAssembly memory (see wasm-heap.ts).
 *
 * Buffers from `alloc` are views of the wasm memory and are passed to the kernel by address, with
 * no copy. Any other Float32Array is copied into scratch memory (and C back out) — correct, only
 * slower. Single-threaded: on this project's shared 2-vCPU machines the second core is better used
 * by a second worker than by splitting one matmul (docs: cpu-backends.md).
 */
import { readFileSync } from 'node:fs';
import { EnvironmentError } from '../../../errors.js';
import type { ComputeBackend } from '../backend.js';
import type { FastKernels } from '../kernels.js';
import { checkSgemmArgs } from './sgemm-args.js';
import type { PackedGemm } from '../packed-gemm.js';
import { KERNEL_EXPORTS, WasmKernels, type KernelExports } from './wasm-kernels.js';
import { PACKED_EXPORTS, WasmPackedGemm, type PackedExports } from './wasm-packed-gemm.js';
import { findSgemmWasm } from './wasm-file.js';
import { WasmHeap } from './wasm-heap.js';
import { webAssembly, type WasmMemory } from './webassembly-api.js';

/** What assembly/sgemm.ts exports (all sizes in elements, all pointers in bytes). */
interface SgemmExports {
  heapBase(): number;
  scratchBytes(M: number, N: number, K: number): number;
  sgemm(transA: number, transB: number, M: number, N: number, K: number, a: number, b: number, c: number, accumulate: number, scratch: number): void;
}

export interface WasmBackend extends ComputeBackend {
  readonly name: 'wasm-simd';
  /** Bytes of wasm memory in live blocks (buffers plus kernel scratch). */
  bytesInUse(): number;
  /** The most bytes ever live at once. */
  peakBytesInUse(): number;
  /** Extent of the wasm heap (what the 4 GiB ceiling applies to): live blocks, free gaps, module data. */
  reservedBytes(): number;
  release(buffer: Float32Array): void;
}

const INITIAL_PAGES = 16;
const MAX_PAGES = 65536;

/**
 * Instantiates the kernel with a fresh memory. Each backend owns its memory; views from one backend
 * passed to another are treated as foreign (copied). Throws EnvironmentError when the .wasm has not
 * been built or this Node lacks WebAssembly SIMD or shared memory.
 */
export function createWasmBackend(options: { wasmFile?: string; poisonFreed?: boolean } = {}): WasmBackend {
  const file = options.wasmFile ?? findSgemmWasm();
  if (file === undefined) {
    throw new EnvironmentError('wasm sgemm backend: dist/lab/tensor/wasm/sgemm.wasm not found — run `npm run build`');
  }
  let exports: SgemmExports;
  let kernels: KernelExports | undefined;
  let packed: PackedExports | undefined;
  let memory: WasmMemory;
  try {
    memory = new webAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true });
    const module = new webAssembly.Module(readFileSync(file));
    const instance = new webAssembly.Instance(module, {
      env: {
        memory,
        abort: () => {
          throw new Error('wasm sgemm: abort');
        },
      },
    });
    exports = checkExports(instance.exports);
    // The non-matmul kernels (assembly/kernels.ts) and pre-packed-B products; a module built before
    // they existed has none, and the model then runs their TypeScript reference versions / sgemm.
    const has = (names: readonly string[]) => names.every((name) => typeof instance.exports[name] === 'function');
    if (has(KERNEL_EXPORTS)) kernels = instance.exports as unknown as KernelExports;
    if (has(PACKED_EXPORTS)) packed = instance.exports as unknown as PackedExports;
  } catch (cause) {
    throw new EnvironmentError(`wasm sgemm backend: cannot instantiate ${file}: ${String(cause)}`, { cause });
  }
  const heap = new WasmHeap(memory, exports.heapBase(), { poisonFreed: options.poisonFreed });
  return new WasmSgemm(exports, heap, kernels === undefined ? undefined : new WasmKernels(kernels, heap), packed);
}

function checkExports(e: Record<string, unknown>): SgemmExports {
  for (const name of ['heapBase', 'scratchBytes', 'sgemm']) {
    if (typeof e[name] !== 'function') throw new Error(`missing export ${name}`);
  }
  return e as unknown as SgemmExports;
}

const align = (bytes: number): number => Math.ceil(bytes / 64) * 64;

class WasmSgemm implements WasmBackend {
  readonly name = 'wasm-simd' as const;
  private scratchAddress = 0;
  private scratchSize = 0;
  readonly packedGemm: PackedGemm | undefined;

  constructor(
    private readonly kernel: SgemmExports,
    private readonly heap: WasmHeap,
    readonly kernels: FastKernels | undefined,
    packed: PackedExports | undefined,
  ) {
    this.packedGemm = packed === undefined ? undefined : new WasmPackedGemm(packed, heap, (bytes) => this.scratch(bytes));
  }

  alloc(length: number): Float32Array {
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`alloc: length must be a non-negative integer (got ${length})`);
    return this.heap.view(this.heap.allocBytes(4 * length), length);
  }

  release(buffer: Float32Array): void {
    const address = buffer.byteOffset;
    const size = this.heap.blockSize(address);
    // Only the very view `alloc` returned: a subarray starting at a block's start (a model's first
    // tensor) must not free the whole block.
    if (!this.heap.ownsBuffer(buffer.buffer) || size === undefined || size !== align(Math.max(1, 4 * buffer.length))) {
      throw new RangeError('release: not a live buffer from this backend’s alloc (double release, a subarray, or a foreign array)');
    }
    this.heap.freeBytes(address);
  }

  bytesInUse(): number {
    return this.heap.bytesInUse();
  }

  peakBytesInUse(): number {
    return this.heap.peakBytesInUse();
  }

  reservedBytes(): number {
    return this.heap.reservedBytes();
  }

  sgemm(transA: boolean, transB: boolean, M: number, N: number, K: number, A: Float32Array, B: Float32Array, C: Float32Array, accumulate: boolean): void {
    // Small matmuls (attention per sequence and head) are called thousands of times per step, so
    // each operand's `.buffer` is read once (see sgemm-args.ts).
    const bufferA = A.buffer;
    const bufferB = B.buffer;
    const bufferC = C.buffer;
    const aHere = this.heap.ownsBuffer(bufferA);
    const bHere = this.heap.ownsBuffer(bufferB);
    const cHere = this.heap.ownsBuffer(bufferC);
    checkSgemmArgs(M, N, K, A, B, C, bufferC === bufferA || (cHere && aHere), bufferC === bufferB || (cHere && bHere));
    if (M === 0 || N === 0) return;
    if (aHere && bHere && cHere) {
      const scratch = this.scratch(this.kernel.scratchBytes(M, N, K));
      this.kernel.sgemm(transA ? 1 : 0, transB ? 1 : 0, M, N, K, A.byteOffset, B.byteOffset, C.byteOffset, accumulate ? 1 : 0, scratch);
      return;
    }
    const kernelScratch = align(this.kernel.scratchBytes(M, N, K));
    const aBytes = aHere ? 0 : align(4 * M * K);
    const bBytes = bHere ? 0 : align(4 * K * N);
    const cBytes = cHere ? 0 : align(4 * M * N);
    const scratch = this.scratch(kernelScratch + aBytes + bBytes + cBytes);
    // Foreign operands are staged after the kernel's scratch.
    let next = scratch + kernelScratch;
    const floats = this.heap.current();
    let a = A.byteOffset;
    if (!aHere) {
      a = next;
      next += aBytes;
      floats.set(A.subarray(0, M * K), a >> 2);
    }
    let b = B.byteOffset;
    if (!bHere) {
      b = next;
      next += bBytes;
      floats.set(B.subarray(0, K * N), b >> 2);
    }
    let c = C.byteOffset;
    if (!cHere) {
      c = next;
      if (accumulate) floats.set(C.subarray(0, M * N), c >> 2);
    }
    this.kernel.sgemm(transA ? 1 : 0, transB ? 1 : 0, M, N, K, a, b, c, accumulate ? 1 : 0, scratch);
    if (!cHere) C.set(floats.subarray(c >> 2, (c >> 2) + M * N));
  }

  /** Address of a scratch area of at least `bytes` bytes (grown by doubling; the old one is freed). */
  private scratch(bytes: number): number {
    if (bytes > this.scratchSize) {
      const size = Math.max(bytes, 2 * this.scratchSize, 1 << 20);
      // Scratch lives only for one kernel call, so the smaller area is dead by now.
      if (this.scratchSize > 0) this.heap.freeBytes(this.scratchAddress);
      this.scratchAddress = this.heap.allocBytes(size);
      this.scratchSize = size;
    }
    return this.scratchAddress;
  }
}
