import type { FloatArray } from '../float-array.js';
import { cachedKeyIndex, KEY_BLOCK, type DecodeAttentionArgs } from '../kernels.js';
import { fastExpNeg } from './fast-exp.js';

/** DecodeAttentionArgs over float32 or float64 buffers. */
export type DecodeAttentionRefArgs = {
  [K in keyof DecodeAttentionArgs]: DecodeAttentionArgs[K] extends Float32Array ? FloatArray : DecodeAttentionArgs[K];
};

/**
 * One KV-cache decode step of attention, in plain TypeScript: the reference for the wasm kernel
 * (FastKernels.decodeAttention) and the path of backends without it and of float64 mode. Keys are
 * cached in the blocked layout of KEY_BLOCK (kernels.ts), values one row per position.
 *
 * For each row i of the run and head h: append its k and v to slot slots[slotsOffset + i]'s own
 * caches at position `step`; score q against the prompt's prefix keys and the row's own keys
 * 0 … step (scaled); softmax over all of them; y = Σ_j p_j · v_j. Arithmetic in float64.
 */
export function decodeAttentionRef(a: DecodeAttentionRefArgs): void {
  const { c, heads: H, hd, S, step, prefixLength: Pg, prefixStride: P } = a;
  checkStride('own-cache', S);
  checkStride('prefix-cache', P);
  const d = H * hd;
  const own = step + 1;
  const n = Pg + own;
  if (scores.length < n) scores = new Float64Array(2 * n);
  for (let i = 0; i < c; i++) {
    const slot = a.slots[a.slotsOffset + i];
    for (let h = 0; h < H; h++) {
      const q = i * 3 * d + h * hd;
      const ownBase = (slot * H + h) * S * hd;
      const preBase = (a.group * H + h) * P * hd;
      for (let e = 0; e < hd; e++) {
        a.kOwn[cachedKeyIndex(ownBase, step, e, hd)] = a.qkv[q + d + e];
        a.vOwn[ownBase + step * hd + e] = a.qkv[q + 2 * d + e];
      }
      for (let j = 0; j < Pg; j++) scores[j] = a.scale * dotKey(a.qkv, q, a.kPre, preBase, j, hd);
      for (let j = 0; j < own; j++) scores[Pg + j] = a.scale * dotKey(a.qkv, q, a.kOwn, ownBase, j, hd);
      let max = -Infinity;
      for (let j = 0; j < n; j++) if (scores[j] > max) max = scores[j];
      let sum = 0;
      for (let j = 0; j < n; j++) {
        scores[j] = fastExpNeg(scores[j] - max);
        sum += scores[j];
      }
      const y = i * d + h * hd;
      for (let e = 0; e < hd; e++) {
        let acc = 0;
        for (let j = 0; j < Pg; j++) acc += scores[j] * a.vPre[preBase + j * hd + e];
        for (let j = 0; j < own; j++) acc += scores[Pg + j] * a.vOwn[ownBase + j * hd + e];
        a.y[y + e] = acc / sum;
      }
    }
  }
}

/** q · key p of the blocked key region at `base`. */
function dotKey(qkv: FloatArray, q: number, keys: FloatArray, base: number, p: number, hd: number): number {
  let s = 0;
  for (let e = 0; e < hd; e++) s += qkv[q + e] * keys[cachedKeyIndex(base, p, e, hd)];
  return s;
}

/** Scores of one row and head (grown as needed). */
let scores = new Float64Array(128);

function checkStride(what: string, stride: number): void {
  if (stride % KEY_BLOCK !== 0) throw new RangeError(`${what} positions per slot (${stride}) must be a multiple of ${KEY_BLOCK}`);
}
