/**
 * FastKernels over the wasm module's exports (assembly/kernels.ts). Buffers are passed by address,
 * so each one is checked first: it must be a view of this backend's memory (else the call runs the
 * plain-TypeScript reference, which reads any Float32Array) and long enough for what the kernel
 * touches (else RangeError — a raw-memory kernel would silently hit a neighbouring tensor).
 */
import type { DecodeOwnArgs, FastKernels } from '../kernels.js';
import { decodeOwnScoresRef, decodeOwnValuesRef } from '../ops/decode-attention.js';
import { geluBackward, geluForward } from '../ops/gelu.js';
import { LAYER_NORM_EPS, layerNormBackward, layerNormForward } from '../ops/layer-norm.js';
import type { WasmHeap } from './wasm-heap.js';

/** What assembly/kernels.ts exports (pointers in bytes, sizes in elements). */
export interface KernelExports {
  geluForward(x: number, y: number, n: number, t: number): void;
  geluBackward(dy: number, x: number, t: number, dx: number, n: number): void;
  layerNormForward(x: number, g: number, b: number, y: number, mean: number, rstd: number, rows: number, d: number, eps: number): void;
  layerNormBackward(dy: number, x: number, g: number, mean: number, rstd: number, dx: number, dg: number, db: number, rows: number, d: number): void;
  decodeOwnScores(q: number, kOwn: number, slots: number, h: number, H: number, S: number, hd: number, own: number, scale: number, pre: number, preLength: number, ownScores: number, c: number): void;
  decodeOwnValues(p: number, vOwn: number, slots: number, h: number, H: number, S: number, hd: number, own: number, y: number, c: number): void;
}

export const KERNEL_EXPORTS = ['geluForward', 'geluBackward', 'layerNormForward', 'layerNormBackward', 'decodeOwnScores', 'decodeOwnValues'] as const;

function need(name: string, x: Float32Array, length: number): void {
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`${name}: bad size ${length}`);
  if (x.length < length) throw new RangeError(`${name}: buffer has ${x.length} elements, needs ${length}`);
}

export class WasmKernels implements FastKernels {
  /** Int32 staging area in wasm memory for the decode kernels' slot lists. */
  private slotsAddress = 0;
  private slotsCapacity = 0;

  constructor(
    private readonly k: KernelExports,
    private readonly heap: WasmHeap,
  ) {}

  private here(...xs: Float32Array[]): boolean {
    for (const x of xs) if (!this.heap.ownsBuffer(x.buffer)) return false;
    return true;
  }

  geluForward(x: Float32Array, y: Float32Array, n: number, tanhOut: Float32Array | null): void {
    need('geluForward', x, n);
    need('geluForward', y, n);
    if (tanhOut !== null) need('geluForward', tanhOut, n);
    if (!this.here(x, y) || (tanhOut !== null && !this.here(tanhOut))) return geluForward(x, y, n, tanhOut);
    this.k.geluForward(x.byteOffset, y.byteOffset, n, tanhOut === null ? 0 : tanhOut.byteOffset);
  }

  geluBackward(dy: Float32Array, x: Float32Array, t: Float32Array, dx: Float32Array, n: number): void {
    for (const b of [dy, x, t, dx]) need('geluBackward', b, n);
    if (!this.here(dy, x, t, dx)) return geluBackward(dy, x, t, dx, n);
    this.k.geluBackward(dy.byteOffset, x.byteOffset, t.byteOffset, dx.byteOffset, n);
  }

  layerNormForward(x: Float32Array, g: Float32Array, b: Float32Array, y: Float32Array, mean: Float32Array, rstd: Float32Array, rows: number, d: number): void {
    need('layerNormForward', x, rows * d);
    need('layerNormForward', y, rows * d);
    need('layerNormForward', g, d);
    need('layerNormForward', b, d);
    need('layerNormForward', mean, rows);
    need('layerNormForward', rstd, rows);
    if (!this.here(x, g, b, y, mean, rstd)) return layerNormForward(x, g, b, y, mean, rstd, rows, d);
    this.k.layerNormForward(x.byteOffset, g.byteOffset, b.byteOffset, y.byteOffset, mean.byteOffset, rstd.byteOffset, rows, d, LAYER_NORM_EPS);
  }

  layerNormBackward(
    dy: Float32Array,
    x: Float32Array,
    g: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
    dx: Float32Array,
    dg: Float32Array,
    db: Float32Array,
    rows: number,
    d: number,
  ): void {
    for (const r of [dy, x, dx]) need('layerNormBackward', r, rows * d);
    for (const c of [g, dg, db]) need('layerNormBackward', c, d);
    need('layerNormBackward', mean, rows);
    need('layerNormBackward', rstd, rows);
    if (!this.here(dy, x, g, mean, rstd, dx, dg, db)) return layerNormBackward(dy, x, g, mean, rstd, dx, dg, db, rows, d);
    this.k.layerNormBackward(dy.byteOffset, x.byteOffset, g.byteOffset, mean.byteOffset, rstd.byteOffset, dx.byteOffset, dg.byteOffset, db.byteOffset, rows, d);
  }

  decodeOwnScores(a: DecodeOwnArgs & { q: Float32Array; kOwn: Float32Array; scale: number; pre: Float32Array; preLength: number }): void {
    const cacheNeed = this.checkDecode('decodeOwnScores', a);
    need('decodeOwnScores', a.q, a.c * a.hd);
    need('decodeOwnScores', a.kOwn, cacheNeed);
    need('decodeOwnScores', a.pre, a.c * a.preLength);
    if (!this.here(a.q, a.kOwn, a.pre, a.ownScores)) return decodeOwnScoresRef(a);
    const slots = this.stageSlots(a);
    this.k.decodeOwnScores(a.q.byteOffset, a.kOwn.byteOffset, slots, a.head, a.heads, a.S, a.hd, a.own, a.scale, a.pre.byteOffset, a.preLength, a.ownScores.byteOffset, a.c);
  }

  decodeOwnValues(a: DecodeOwnArgs & { vOwn: Float32Array; y: Float32Array }): void {
    const cacheNeed = this.checkDecode('decodeOwnValues', a);
    need('decodeOwnValues', a.vOwn, cacheNeed);
    need('decodeOwnValues', a.y, a.c * a.hd);
    if (!this.here(a.vOwn, a.y, a.ownScores)) return decodeOwnValuesRef(a);
    const slots = this.stageSlots(a);
    this.k.decodeOwnValues(a.ownScores.byteOffset, a.vOwn.byteOffset, slots, a.head, a.heads, a.S, a.hd, a.own, a.y.byteOffset, a.c);
  }

  /** Checks the geometry and every slot; returns the cache length the kernel may touch. */
  private checkDecode(name: string, a: DecodeOwnArgs): number {
    const { c, head, heads, S, hd, own } = a;
    if (!(head >= 0 && head < heads && own >= 0 && own <= S && hd > 0 && c >= 0)) {
      throw new RangeError(`${name}: bad geometry (head ${head} of ${heads}, own ${own} of ${S}, hd ${hd}, rows ${c})`);
    }
    need(name, a.ownScores, c * S);
    if (a.slotsOffset < 0 || a.slots.length < a.slotsOffset + c) throw new RangeError(`${name}: slots has ${a.slots.length} entries, needs ${a.slotsOffset + c}`);
    let maxSlot = -1;
    for (let i = 0; i < c; i++) {
      const s = a.slots[a.slotsOffset + i];
      if (s < 0) throw new RangeError(`${name}: negative slot ${s}`);
      if (s > maxSlot) maxSlot = s;
    }
    return (maxSlot + 1) * heads * S * hd;
  }

  /** Copies the run's slots into wasm memory; returns their address. */
  private stageSlots(a: DecodeOwnArgs): number {
    if (a.c > this.slotsCapacity) {
      this.slotsCapacity = Math.max(a.c, 2 * this.slotsCapacity, 1024);
      this.slotsAddress = this.heap.allocBytes(4 * this.slotsCapacity);
    }
    const ints = new Int32Array(this.heap.current().buffer, this.slotsAddress, a.c);
    ints.set(a.slots.subarray(a.slotsOffset, a.slotsOffset + a.c));
    return this.slotsAddress;
  }
}
