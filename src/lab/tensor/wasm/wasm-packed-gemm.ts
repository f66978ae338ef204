/**
 * PackedGemm over the wasm module's pre-packed-B exports (assembly/sgemm.ts: packedBBytes, packB,
 * sgemmPackedB). Panels live in the backend's memory; operands must be views of it too (a packed
 * product is a fast path — anything else is a caller error, not a silent copy).
 */
import type { PackedGemm, PackedMatrix } from '../packed-gemm.js';
import { checkPackedGemmArgs } from './sgemm-args.js';
import type { WasmHeap } from './wasm-heap.js';

/** What assembly/sgemm.ts exports for pre-packed B (pointers in bytes, sizes in elements). */
export interface PackedExports {
  packedBBytes(N: number, K: number): number;
  packB(transB: number, N: number, K: number, b: number, out: number): void;
  sgemmPackedB(M: number, N: number, K: number, a: number, packedB: number, c: number, accumulate: number, scratch: number): void;
  scratchBytes(M: number, N: number, K: number): number;
}

export const PACKED_EXPORTS = ['packedBBytes', 'packB', 'sgemmPackedB'] as const;

class WasmPackedMatrix implements PackedMatrix {
  constructor(
    readonly N: number,
    readonly K: number,
    /** Byte address of the panels; the heap that owns them. */
    readonly address: number,
    readonly heap: WasmHeap,
  ) {}
}

export class WasmPackedGemm implements PackedGemm {
  constructor(
    private readonly k: PackedExports,
    private readonly heap: WasmHeap,
    /** The backend's kernel scratch area (grown on demand). */
    private readonly scratch: (bytes: number) => number,
  ) {}

  create(N: number, K: number): PackedMatrix {
    if (!isSize(N) || !isSize(K)) throw new RangeError(`packed matrix: N and K must be positive integers (got N=${N}, K=${K})`);
    return new WasmPackedMatrix(N, K, this.heap.allocBytes(this.k.packedBBytes(N, K)), this.heap);
  }

  pack(transB: boolean, B: Float32Array, into: PackedMatrix): void {
    const m = this.own(into);
    if (B.length < m.N * m.K) throw new RangeError(`packB: B has ${B.length} elements, needs ${m.N * m.K}`);
    if (!this.heap.ownsBuffer(B.buffer)) throw new RangeError('packB: B is not a buffer of this backend');
    this.k.packB(transB ? 1 : 0, m.N, m.K, B.byteOffset, m.address);
  }

  gemm(M: number, A: Float32Array, packed: PackedMatrix, C: Float32Array, accumulate: boolean): void {
    const m = this.own(packed);
    const { N, K } = m;
    const bufferA = A.buffer;
    const bufferC = C.buffer;
    if (!this.heap.ownsBuffer(bufferA) || !this.heap.ownsBuffer(bufferC)) throw new RangeError('packed gemm: A and C must be buffers of this backend');
    checkPackedGemmArgs(M, N, K, A, C);
    if (M === 0) return;
    const scratch = this.scratch(this.k.scratchBytes(M, N, K));
    this.k.sgemmPackedB(M, N, K, A.byteOffset, m.address, C.byteOffset, accumulate ? 1 : 0, scratch);
  }

  release(packed: PackedMatrix): void {
    this.heap.freeBytes(this.own(packed).address);
  }

  private own(p: PackedMatrix): WasmPackedMatrix {
    if (!(p instanceof WasmPackedMatrix) || p.heap !== this.heap) throw new RangeError('packed matrix was not created by this backend');
    return p;
  }
}

function isSize(x: number): boolean {
  return Number.isInteger(x) && x > 0 && x <= 0x3fffffff;
}
