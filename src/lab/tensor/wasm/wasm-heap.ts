/**
 * The wasm kernel's memory and an allocator over it that can take blocks back.
 *
 * Decision: a SHARED WasmMemory. Its `buffer` is a SharedArrayBuffer, and views of a
 * SharedArrayBuffer are never detached when the memory grows (growing an ordinary memory detaches
 * every Float32Array handed out so far). So `alloc` can return zero-copy views that stay valid
 * while the heap keeps growing on demand — no need to guess a size up front. V8 reserves address
 * space for the declared maximum (4 GiB), so growth never moves the memory.
 *
 * Freeing: a lab experiment creates and drops many models, optimizers, activation sets, decode
 * workspaces and packed matrices; with a bump allocator that never freed, a long `lab demo` ran into
 * the 4 GiB ceiling. WebAssembly memory never shrinks and V8 cannot know when a block is dead (a
 * subarray view does not keep its parent view alive, and a full wasm heap does not pressure the JS
 * garbage collector), so blocks come back only EXPLICITLY: `freeBytes(address)`, called by the
 * owners' `dispose()`/`release()` methods. Free blocks sit in an address-ordered list, adjacent free
 * blocks merge, a free block at the top of the heap lowers the top, and `allocBytes` takes the
 * smallest free block that fits (splitting it) before growing the heap — so heap use stays bounded
 * by what is alive plus fragmentation.
 *
 * Every block handed out is zero-filled (callers rely on fresh buffers being zero): fresh pages are
 * zero, and reused or once-used memory is cleared on the way out. A freed address that is not a live
 * block start (double free, a subarray's offset) is an error, never a silent corruption. With
 * `poisonFreed` freed blocks are filled with NaN, so a use after free shows up in tests as NaN.
 */
import { EnvironmentError } from '../../../errors.js';
import type { WasmMemory } from './webassembly-api.js';

const PAGE_BYTES = 65536;
const MAX_PAGES = 65536;
/** Start addresses are 64-byte aligned (a cache line; also what SIMD loads like best). */
const ALIGN = 64;

export interface WasmHeapOptions {
  /** Fill freed blocks with NaN (tests: a use after free turns results into NaN). */
  poisonFreed?: boolean;
}

export class WasmHeap {
  readonly memory: WasmMemory;
  private readonly poisonFreed: boolean;
  /** End of the highest block in use or free-listed; memory above it is not handed out. */
  private top: number;
  /** The highest `top` ever reached: memory between `top` and here may hold old data. */
  private highWater: number;
  /** Live blocks: start address → size in bytes (aligned). */
  private readonly live = new Map<number, number>();
  private liveBytes = 0;
  private peakLive = 0;
  /** Free blocks below `top`, sorted by address, never adjacent to each other. */
  private readonly freeStart: number[] = [];
  private readonly freeSize: number[] = [];
  /** Every SharedArrayBuffer object the memory has handed out; each growth yields a new one. */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private floats: Float32Array;

  constructor(memory: WasmMemory, firstFreeByte: number, options: WasmHeapOptions = {}) {
    this.memory = memory;
    this.poisonFreed = options.poisonFreed ?? false;
    this.top = alignUp(firstFreeByte);
    this.highWater = this.top;
    this.floats = this.refresh();
  }

  /** Reserves `bytes` bytes (64-byte aligned start, zero-filled) and returns the address. */
  allocBytes(bytes: number): number {
    const size = alignUp(Math.max(1, bytes));
    const address = this.takeFree(size) ?? this.bump(size, bytes);
    this.live.set(address, size);
    this.liveBytes += size;
    if (this.liveBytes > this.peakLive) this.peakLive = this.liveBytes;
    return address;
  }

  /** Returns the block starting at `address` (from `allocBytes`) for reuse. */
  freeBytes(address: number): void {
    const size = this.live.get(address);
    if (size === undefined) throw new RangeError(`wasm heap: ${address} is not the start of a live block (double free, or a view into a block)`);
    this.live.delete(address);
    this.liveBytes -= size;
    if (this.poisonFreed) this.current().fill(Number.NaN, address >> 2, (address + size) >> 2);
    this.insertFree(address, size);
  }

  /** Size in bytes of the live block starting at `address`, or undefined when there is none. */
  blockSize(address: number): number | undefined {
    return this.live.get(address);
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

  /** Bytes in live blocks (allocations and kernel scratch), aligned sizes. */
  bytesInUse(): number {
    return this.liveBytes;
  }

  /** The most bytes ever live at once. */
  peakBytesInUse(): number {
    return this.peakLive;
  }

  /** Extent of the heap: the highest address handed out so far (live and free blocks, module data). */
  reservedBytes(): number {
    return this.highWater;
  }

  /** Best fit among the free blocks (lowest address on ties); the rest of the block stays free. */
  private takeFree(size: number): number | undefined {
    let best = -1;
    for (let i = 0; i < this.freeSize.length; i++) {
      const s = this.freeSize[i];
      if (s >= size && (best < 0 || s < this.freeSize[best])) {
        best = i;
        if (s === size) break;
      }
    }
    if (best < 0) return undefined;
    const address = this.freeStart[best];
    if (this.freeSize[best] === size) {
      this.freeStart.splice(best, 1);
      this.freeSize.splice(best, 1);
    } else {
      this.freeStart[best] += size;
      this.freeSize[best] -= size;
    }
    this.current().fill(0, address >> 2, (address + size) >> 2);
    return address;
  }

  /** A block at the top of the heap (growing the memory when needed). */
  private bump(size: number, requested: number): number {
    const address = this.top;
    const end = address + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      // Grow by at least a quarter of the current size, so a model allocating thousands of small
      // tensors does not grow (and mint a new buffer object) thousands of times.
      const needed = Math.ceil((end - have) / PAGE_BYTES);
      const current = have / PAGE_BYTES;
      const pages = Math.min(Math.max(needed, Math.ceil(current / 4)), MAX_PAGES - current);
      if (pages < needed) {
        throw new EnvironmentError(
          `wasm sgemm backend: cannot allocate ${requested} bytes — the WebAssembly heap would exceed 4 GiB ` +
            `(${(this.liveBytes / 2 ** 20).toFixed(0)} MiB in live blocks, ${(address / 2 ** 20).toFixed(0)} MiB extent)`,
        );
      }
      this.memory.grow(pages);
      this.floats = this.refresh();
    }
    // Memory below the high-water mark was handed out before (and freed): clear it.
    if (address < this.highWater) this.current().fill(0, address >> 2, Math.min(end, this.highWater) >> 2);
    this.top = end;
    if (end > this.highWater) this.highWater = end;
    return address;
  }

  /** Adds a block to the free list, merging it with free neighbours; a free block at the top lowers the top. */
  private insertFree(address: number, size: number): void {
    // First free block above `address`.
    let lo = 0;
    let hi = this.freeStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.freeStart[mid] < address) lo = mid + 1;
      else hi = mid;
    }
    let start = address;
    let end = address + size;
    let at = lo;
    if (at < this.freeStart.length && this.freeStart[at] === end) {
      end += this.freeSize[at];
      this.freeStart.splice(at, 1);
      this.freeSize.splice(at, 1);
    }
    if (at > 0 && this.freeStart[at - 1] + this.freeSize[at - 1] === start) {
      at--;
      start = this.freeStart[at];
      this.freeStart.splice(at, 1);
      this.freeSize.splice(at, 1);
    }
    if (end === this.top) {
      this.top = start;
      return;
    }
    this.freeStart.splice(at, 0, start);
    this.freeSize.splice(at, 0, end - start);
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
