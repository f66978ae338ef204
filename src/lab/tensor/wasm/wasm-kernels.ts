/**
 * FastKernels over the wasm module's exports (assembly/kernels.ts). Buffers are passed by address,
 * so each one is checked first: it must be a view of this backend's memory (else the call runs the
 * plain-TypeScript reference, which reads any Float32Array) and long enough for what the kernel
 * touches (else RangeError — a raw-memory kernel would silently hit a neighbouring tensor).
 */
import { OWN_KEY_BLOCK, type DecodeOwnArgs, type DecodeScatterArgs, type FastKernels } from '../kernels.js';
import { accumulateColumnSums, rowsPlusBias } from '../ops/bias.js';
import { decodeOwnScoresRef, decodeOwnValuesRef, decodeScatterQkvRef, headsToRowsDecodeRef } from '../ops/decode-attention.js';
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
  rowsPlusBias(x: number, bias: number, out: number, rows: number, n: number): void;
  columnSums(dy: number, db: number, rows: number, n: number): void;
  decodeScatterQkv(qkv: number, qh: number, kOwn: number, vOwn: number, slots: number, A: number, H: number, S: number, hd: number, step: number): void;
  headsToRowsDecode(yh: number, y: number, A: number, H: number, hd: number): void;
}

export const KERNEL_EXPORTS = ['geluForward', 'geluBackward', 'layerNormForward', 'layerNormBackward', 'decodeOwnScores', 'decodeOwnValues',
  'rowsPlusBias', 'columnSums', 'decodeScatterQkv', 'headsToRowsDecode'] as const;

function need(name: string, x: Float32Array, length: number): void {
  if (!Number.isInteger(length) || length < 0) throw new RangeError(`${name}: bad size ${length}`);
  if (x.length < length) throw new RangeError(`${name}: buffer has ${x.length} elements, needs ${length}`);
}

/** Largest of slots[offset … offset+count) (−1 when count is 0); RangeError on a short list or a negative slot. */
function maxSlot(slots: Int32Array, offset: number, count: number, name: string): number {
  if (offset < 0 || slots.length < offset + count) throw new RangeError(`${name}: slots has ${slots.length} entries, needs ${offset + count}`);
  let max = -1;
  for (let i = 0; i < count; i++) {
    const s = slots[offset + i];
    if (s < 0) throw new RangeError(`${name}: negative slot ${s}`);
    if (s > max) max = s;
  }
  return max;
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
    const slots = this.stageSlots(a.slots, a.slotsOffset, a.c);
    this.k.decodeOwnScores(a.q.byteOffset, a.kOwn.byteOffset, slots, a.head, a.heads, a.S, a.hd, a.own, a.scale, a.pre.byteOffset, a.preLength, a.ownScores.byteOffset, a.c);
  }

  decodeOwnValues(a: DecodeOwnArgs & { vOwn: Float32Array; y: Float32Array }): void {
    const cacheNeed = this.checkDecode('decodeOwnValues', a);
    need('decodeOwnValues', a.vOwn, cacheNeed);
    need('decodeOwnValues', a.y, a.c * a.hd);
    if (!this.here(a.vOwn, a.y, a.ownScores)) return decodeOwnValuesRef(a);
    const slots = this.stageSlots(a.slots, a.slotsOffset, a.c);
    this.k.decodeOwnValues(a.ownScores.byteOffset, a.vOwn.byteOffset, slots, a.head, a.heads, a.S, a.hd, a.own, a.y.byteOffset, a.c);
  }

  rowsPlusBias(x: Float32Array | null, bias: Float32Array, out: Float32Array, rows: number, n: number): void {
    if (x !== null) need('rowsPlusBias', x, rows * n);
    need('rowsPlusBias', out, rows * n);
    need('rowsPlusBias', bias, n);
    if (!this.here(bias, out) || (x !== null && !this.here(x))) return rowsPlusBias(x, bias, out, rows, n);
    this.k.rowsPlusBias(x === null ? 0 : x.byteOffset, bias.byteOffset, out.byteOffset, rows, n);
  }

  columnSums(dy: Float32Array, db: Float32Array, rows: number, n: number): void {
    need('columnSums', dy, rows * n);
    need('columnSums', db, n);
    if (!this.here(dy, db)) return accumulateColumnSums(dy, db, rows, n);
    this.k.columnSums(dy.byteOffset, db.byteOffset, rows, n);
  }

  decodeScatterQkv(a: DecodeScatterArgs): void {
    const { A, heads, S, hd, step } = a;
    if (!(step >= 0 && step < S && S % OWN_KEY_BLOCK === 0 && hd > 0 && heads > 0)) {
      throw new RangeError(`decodeScatterQkv: bad geometry (step ${step} of ${S} positions, a multiple of ${OWN_KEY_BLOCK}; hd ${hd}, heads ${heads})`);
    }
    need('decodeScatterQkv', a.qkv, A * 3 * heads * hd);
    need('decodeScatterQkv', a.qh, A * heads * hd);
    const cacheNeed = (maxSlot(a.slots, 0, A, 'decodeScatterQkv') + 1) * heads * S * hd;
    need('decodeScatterQkv', a.kOwn, cacheNeed);
    need('decodeScatterQkv', a.vOwn, cacheNeed);
    if (!this.here(a.qkv, a.qh, a.kOwn, a.vOwn)) return decodeScatterQkvRef(a);
    const slots = this.stageSlots(a.slots, 0, A);
    this.k.decodeScatterQkv(a.qkv.byteOffset, a.qh.byteOffset, a.kOwn.byteOffset, a.vOwn.byteOffset, slots, A, heads, S, hd, step);
  }

  headsToRowsDecode(yh: Float32Array, y: Float32Array, A: number, H: number, hd: number): void {
    need('headsToRowsDecode', yh, A * H * hd);
    need('headsToRowsDecode', y, A * H * hd);
    if (!this.here(yh, y)) return headsToRowsDecodeRef(yh, y, A, H, hd);
    this.k.headsToRowsDecode(yh.byteOffset, y.byteOffset, A, H, hd);
  }

  /** Checks the geometry and every slot; returns the cache length the kernel may touch. */
  private checkDecode(name: string, a: DecodeOwnArgs): number {
    const { c, head, heads, S, hd, own } = a;
    if (!(head >= 0 && head < heads && own >= 0 && own <= S && S % OWN_KEY_BLOCK === 0 && hd > 0 && c >= 0)) {
      throw new RangeError(`${name}: bad geometry (head ${head} of ${heads}, own ${own} of ${S} positions, a multiple of ${OWN_KEY_BLOCK}; hd ${hd}, rows ${c})`);
    }
    need(name, a.ownScores, c * S);
    return (maxSlot(a.slots, a.slotsOffset, c, name) + 1) * heads * S * hd;
  }

  /** Copies the run's slots into wasm memory; returns their address. */
  private stageSlots(slots: Int32Array, offset: number, count: number): number {
    if (count > this.slotsCapacity) {
      this.slotsCapacity = Math.max(count, 2 * this.slotsCapacity, 1024);
      this.slotsAddress = this.heap.allocBytes(4 * this.slotsCapacity);
    }
    const ints = new Int32Array(this.heap.current().buffer, this.slotsAddress, count);
    ints.set(slots.subarray(offset, offset + count));
    return this.slotsAddress;
  }
}
