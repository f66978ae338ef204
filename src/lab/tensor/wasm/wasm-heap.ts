/**
 * The wasm kernel's memory and a bump allocator over it.
 *
 * Decision: a SHARED WasmMemory. Its `buffer` is a SharedArrayBuffer, and views of a
 * SharedArrayBuffer are never detached when the memory grows (growing an ordinary memory detaches
 * every Float32Array handed out so far). So `alloc` can return zero-copy views that stay valid for
 * the process lifetime while the heap keeps growing on demand — no need to guess a size up front.
 * V8 reserves address space for the declared maximum (4 GiB), so growth never moves the memory.
 *
 * Nothing is ever freed: the lab allocates its parameters, gradients, activations and KV caches once
 * and reuses them. Fresh pages are zero and no address is handed out twice, so every buffer starts
 * zero-filled.
 */
import { EnvironmentError } from '../../../errors.js';
import type { WasmMemory } from './webassembly-api.js';

const PAGE_BYTES = 65536;
const MAX_PAGES = 65536;
/** Start addresses are 64-byte aligned (a cache line; also what SIMD loads like best). */
const ALIGN = 64;

export class WasmHeap {
  readonly memory: WasmMemory;
  private top: number;
  /** Every SharedArrayBuffer object the memory has handed out; each growth yields a new one. */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private floats: Float32Array;

  constructor(memory: WasmMemory, firstFreeByte: number) {
    this.memory = memory;
    this.top = alignUp(firstFreeByte);
    this.floats = this.refresh();
  }

  /** Reserves `bytes` bytes (64-byte aligned start) and returns the address. */
  allocBytes(bytes: number): number {
    const address = this.top;
    const end = address + alignUp(bytes);
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      // Grow by at least a quarter of the current size, so a model allocating thousands of small
      // tensors does not grow (and mint a new buffer object) thousands of times.
      const needed = Math.ceil((end - have) / PAGE_BYTES);
      const current = have / PAGE_BYTES;
      const pages = Math.min(Math.max(needed, Math.ceil(current / 4)), MAX_PAGES - current);
      if (pages < needed) {
        throw new EnvironmentError(
          `wasm sgemm backend: cannot allocate ${bytes} bytes — the WebAssembly heap would exceed 4 GiB ` +
            `(${(address / 2 ** 20).toFixed(0)} MiB in use)`,
        );
      }
      this.memory.grow(pages);
      this.floats = this.refresh();
    }
    this.top = end;
    return address;
  }

  /** A Float32Array of `length` elements at `address` (from `allocBytes`). */
  view(address: number, length: number): Float32Array {
    return new Float32Array(this.current().buffer, address, length);
  }

  /** The whole memory as floats (re-created after growth), for copying foreign buffers in and out. */
  current(): Float32Array {
    if (this.floats.buffer.byteLength !== this.memory.buffer.byteLength) this.floats = this.refresh();
    return this.floats;
  }

  /** True when `buffer` (a view's `.buffer`) is this heap's memory: the view's byteOffset is its address. */
  ownsBuffer(buffer: ArrayBufferLike): boolean {
    return this.buffers.has(buffer);
  }

  /** Bytes handed out so far (allocations and kernel scratch). */
  bytesInUse(): number {
    return this.top;
  }

  private refresh(): Float32Array {
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);
    return new Float32Array(buffer);
  }
}

function alignUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
