/**
 * FastKernels over the wasm module's exports (assembly/kernels.ts). Buffers are passed by address,
 * so each one is checked first: it must be a view of this backend's memory (else the call runs the
 * plain-TypeScript reference, which reads any Float32Array) and long enough for what the kernel
 * touches (else RangeError — a raw-memory kernel would silently hit a neighbouring tensor).
 */
import { KEY_BLOCK, type DecodeAttentionArgs, type FastKernels } from '../kernels.js';
import { accumulateColumnSums, rowsPlusBias } from '../ops/bias.js';
import { decodeAttentionRef } from '../ops/decode-attention.js';
import { geluBackward, geluForward } from '../ops/gelu.js';
import { LAYER_NORM_EPS, layerNormBackward, layerNormForward } from '../ops/layer-norm.js';
import type { WasmHeap } from './wasm-heap.js';

/** What assembly/kernels.ts exports (pointers in bytes, sizes in elements). */
export interface KernelExports {
  geluForward(x: number, y: number, n: number, t: number): void;
  geluBackward(dy: number, x: number, t: number, dx: number, n: number): void;
  layerNormForward(x: number, g: number, b: number, y: number, mean: number, rstd: number, rows: number, d: number, eps: number): void;
  layerNormBackward(dy: number, x: number, g: number, mean: number, rstd: number, dx: number, dg: number, db: number, rows: number, d: number): void;
  decodeAttention(
    qkv: number,
    y: number,
    kPre: number,
    vPre: number,
    kOwn: number,
    vOwn: number,
    slots: number,
    c: number,
    H: number,
    hd: number,
    group: number,
    P: number,
    Pg: number,
    S: number,
    step: number,
    scale: number,
    scratch: number,
  ): void;
  rowsPlusBias(x: number, bias: number, out: number, rows: number, n: number): void;
  columnSums(dy: number, db: number, rows: number, n: number): void;
}

export const KERNEL_EXPORTS = [
  'geluForward',
  'geluBackward',
  'layerNormForward',
  'layerNormBackward',
  'decodeAttention',
  'rowsPlusBias',
  'columnSums',
] as const;

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
  /** Float scratch in wasm memory for decodeAttention's per-row scores. */
  private scratchAddress = 0;
  private scratchCapacity = 0;

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

  decodeAttention(a: DecodeAttentionArgs): void {
    const { c, heads: H, hd, S, step, group, prefixLength: Pg, prefixStride: P } = a;
    const geometryOk =
      [c, H, hd, S, step, group, Pg, P].every(Number.isInteger) &&
      H > 0 &&
      hd > 0 &&
      c >= 0 &&
      step >= 0 &&
      step < S &&
      S % KEY_BLOCK === 0 &&
      group >= 0 &&
      Pg >= 0 &&
      Pg <= P &&
      P % KEY_BLOCK === 0;
    if (!geometryOk) {
      throw new RangeError(
        `decodeAttention: bad geometry (rows ${c}, heads ${H}, hd ${hd}, step ${step} of ${S} own positions, prefix ${Pg} of ${P}, group ${group}; ` +
          `positions per slot must be multiples of ${KEY_BLOCK})`,
      );
    }
    const d = H * hd;
    need('decodeAttention', a.qkv, c * 3 * d);
    need('decodeAttention', a.y, c * d);
    const preNeed = (group + 1) * H * P * hd;
    need('decodeAttention', a.kPre, preNeed);
    need('decodeAttention', a.vPre, preNeed);
    const ownNeed = (maxSlot(a.slots, a.slotsOffset, c, 'decodeAttention') + 1) * H * S * hd;
    need('decodeAttention', a.kOwn, ownNeed);
    need('decodeAttention', a.vOwn, ownNeed);
    if (!this.here(a.qkv, a.y, a.kPre, a.vPre, a.kOwn, a.vOwn)) return decodeAttentionRef(a);
    const slots = this.stageSlots(a.slots, a.slotsOffset, c);
    const scratch = this.scoresScratch(P + S);
    this.k.decodeAttention(
      a.qkv.byteOffset,
      a.y.byteOffset,
      a.kPre.byteOffset,
      a.vPre.byteOffset,
      a.kOwn.byteOffset,
      a.vOwn.byteOffset,
      slots,
      c,
      H,
      hd,
      group,
      P,
      Pg,
      S,
      step,
      a.scale,
      scratch,
    );
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

  /** Address of a float scratch area of at least `floats` entries for one row's attention scores. */
  private scoresScratch(floats: number): number {
    if (floats > this.scratchCapacity) {
      this.scratchCapacity = Math.max(floats, 2 * this.scratchCapacity, 256);
      this.scratchAddress = this.heap.allocBytes(4 * this.scratchCapacity);
    }
    return this.scratchAddress;
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
