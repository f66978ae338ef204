import type { FloatArray } from '../float-array.js';
import { OWN_KEY_BLOCK, ownKeyIndex, type DecodeOwnArgs, type DecodeScatterArgs } from '../kernels.js';
import { fastExpNeg } from './fast-exp.js';

/**
 * The KV-cache decoder's attention to each sample's own cached tokens, in plain TypeScript: the
 * reference for the wasm kernels (FastKernels.decodeOwnScores / decodeOwnValues) and the path for
 * backends without them and for float64 mode. The shared-prefix part is a gemm in decode-step.ts.
 * Own keys are cached in the blocked layout of OWN_KEY_BLOCK (kernels.ts), values row by row.
 */
export type DecodeOwnRefArgs = Omit<DecodeOwnArgs, 'ownScores'> & { ownScores: FloatArray };

/** Reference of FastKernels.decodeScatterQkv (see there). */
export function decodeScatterQkvRef(
  a: Omit<DecodeScatterArgs, 'qkv' | 'qh' | 'kOwn' | 'vOwn'> & { qkv: FloatArray; qh: FloatArray; kOwn: FloatArray; vOwn: FloatArray },
): void {
  const { A, heads: H, S, hd, step } = a;
  checkOwnStride(S);
  const d = H * hd;
  for (let i = 0; i < A; i++) {
    const src = i * 3 * d;
    const slot = a.slots[i];
    for (let h = 0; h < H; h++) {
      const qo = (h * A + i) * hd;
      const base = (slot * H + h) * S * hd;
      const vo = base + step * hd;
      const so = src + h * hd;
      for (let e = 0; e < hd; e++) {
        a.qh[qo + e] = a.qkv[so + e];
        a.kOwn[ownKeyIndex(base, step, e, hd)] = a.qkv[so + d + e];
        a.vOwn[vo + e] = a.qkv[so + 2 * d + e];
      }
    }
  }
}

/** Reference of FastKernels.headsToRowsDecode: head-major [head, row, hd] → rows A × H·hd. */
export function headsToRowsDecodeRef(yh: FloatArray, y: FloatArray, A: number, H: number, hd: number): void {
  const d = H * hd;
  for (let i = 0; i < A; i++)
    for (let h = 0; h < H; h++) {
      const src = (h * A + i) * hd;
      const dst = i * d + h * hd;
      for (let e = 0; e < hd; e++) y[dst + e] = yh[src + e];
    }
}

/** Reference of FastKernels.decodeOwnScores (see there). */
export function decodeOwnScoresRef(
  a: DecodeOwnRefArgs & { q: FloatArray; kOwn: FloatArray; scale: number; pre: FloatArray; preLength: number },
): void {
  checkOwnStride(a.S);
  for (let i = 0; i < a.c; i++) {
    const slot = a.slots[a.slotsOffset + i];
    const cacheBase = (slot * a.heads + a.head) * a.S * a.hd;
    ownScoresAndSoftmax(a.q, i * a.hd, a.kOwn, cacheBase, a.own, a.hd, a.scale, a.pre, i * a.preLength, a.preLength, a.ownScores, i * a.S);
  }
}

/** Reference of FastKernels.decodeOwnValues (see there). */
export function decodeOwnValuesRef(a: DecodeOwnRefArgs & { vOwn: FloatArray; y: FloatArray }): void {
  for (let i = 0; i < a.c; i++) {
    const slot = a.slots[a.slotsOffset + i];
    addOwnValues(a.ownScores, i * a.S, a.vOwn, (slot * a.heads + a.head) * a.S * a.hd, a.own, a.hd, a.y, i * a.hd);
  }
}

function checkOwnStride(S: number): void {
  if (S % OWN_KEY_BLOCK !== 0) throw new RangeError(`own-cache positions per slot (${S}) must be a multiple of ${OWN_KEY_BLOCK}`);
}

const blockSums = new Float64Array(OWN_KEY_BLOCK);

/**
 * Attention scores of one row against its own cached keys (blocked layout), then a softmax over
 * the row's prefix scores (`pre`, raw q·k from the shared-prefix gemm) and own scores together.
 * Both are replaced by probabilities.
 */
function ownScoresAndSoftmax(
  q: FloatArray,
  qo: number,
  k: FloatArray,
  kBase: number,
  own: number,
  hd: number,
  scale: number,
  pre: FloatArray,
  po: number,
  preLength: number,
  ownScores: FloatArray,
  so: number,
): void {
  let max = -Infinity;
  for (let j = 0; j < preLength; j++) {
    const v = pre[po + j] * scale;
    pre[po + j] = v;
    if (v > max) max = v;
  }
  // One block of four keys at a time: four running sums over the head dims.
  for (let j0 = 0; j0 < own; j0 += OWN_KEY_BLOCK) {
    const kb = kBase + j0 * hd;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let e = 0, ko = kb; e < hd; e++, ko += OWN_KEY_BLOCK) {
      const qe = q[qo + e];
      s0 += qe * k[ko];
      s1 += qe * k[ko + 1];
      s2 += qe * k[ko + 2];
      s3 += qe * k[ko + 3];
    }
    blockSums[0] = s0;
    blockSums[1] = s1;
    blockSums[2] = s2;
    blockSums[3] = s3;
    // The last block's lanes past `own` hold whatever the cache had there: not scores.
    for (let lane = 0; lane < OWN_KEY_BLOCK && j0 + lane < own; lane++) {
      const v = blockSums[lane] * scale;
      ownScores[so + j0 + lane] = v;
      if (v > max) max = v;
    }
  }
  let sum = 0;
  for (let j = 0; j < preLength; j++) {
    const e = fastExpNeg(pre[po + j] - max);
    pre[po + j] = e;
    sum += e;
  }
  for (let j = 0; j < own; j++) {
    const e = fastExpNeg(ownScores[so + j] - max);
    ownScores[so + j] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let j = 0; j < preLength; j++) pre[po + j] *= inv;
  for (let j = 0; j < own; j++) ownScores[so + j] *= inv;
}

/** y[yo..] += Σ_j p_j · v_j over the row's own cached values (4 output lanes kept in registers). */
function addOwnValues(p: FloatArray, so: number, v: FloatArray, vBase: number, own: number, hd: number, y: FloatArray, yo: number): void {
  const hd4 = hd - (hd % 4);
  for (let e = 0; e < hd4; e += 4) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let j = 0, vo = vBase + e; j < own; j++, vo += hd) {
      const pj = p[so + j];
      a0 += pj * v[vo];
      a1 += pj * v[vo + 1];
      a2 += pj * v[vo + 2];
      a3 += pj * v[vo + 3];
    }
    y[yo + e] += a0;
    y[yo + e + 1] += a1;
    y[yo + e + 2] += a2;
    y[yo + e + 3] += a3;
  }
  for (let e = hd4; e < hd; e++) {
    let a = 0;
    for (let j = 0; j < own; j++) a += p[so + j] * v[vBase + j * hd + e];
    y[yo + e] += a;
  }
}
