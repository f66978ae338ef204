import { addBiasRows } from '../tensor/ops/bias.js';
import { embeddingForward } from '../tensor/ops/embedding.js';
import { layerNormForward } from '../tensor/ops/layer-norm.js';
import { rotaryTable, rotateVector } from '../tensor/ops/rotary.js';
import type { Engine } from '../tensor/engine.js';
import type { FloatArray } from '../tensor/float-array.js';
import { blockTail } from './block-tail.js';
import { headDim, type GptConfig } from './config.js';
import type { DecodeWorkspace } from './decode-workspace.js';
import type { ModelTensors } from './params.js';
import { fastExpNeg } from '../tensor/ops/fast-exp.js';

/**
 * The rows (samples) taking part in one decode step. Rows are ordered so that the samples of one
 * prompt are contiguous ("runs"); each run shares that prompt's cached prefix.
 */
export interface ActiveRows {
  count: number;
  /** KV-cache slot of each active row. */
  slots: Int32Array;
  /** Token fed at this step, per active row. */
  tokens: Int32Array;
  /** Position of that token in its sequence, per active row. */
  positions: Int32Array;
  runCount: number;
  runStart: Int32Array;
  runLength: Int32Array;
  /** Prompt (prefix group) of each run. */
  runGroup: Int32Array;
  /** Cached prefix length of each group. */
  prefixLength: Int32Array;
}

/**
 * One decode step: feeds each active row's token at own-cache index `step`, appends its K/V to the
 * cache and leaves next-token logits for the active rows in `ws.logits` (count × V). All
 * projections are one gemm over all active rows; attention to a prompt's shared prefix is one gemm
 * per (prompt, head); attention to a sample's own tokens is a short per-row loop.
 */
export function decodeStep(engine: Engine, config: GptConfig, p: ModelTensors, ws: DecodeWorkspace, rows: ActiveRows, step: number): void {
  const A = rows.count;
  const d = config.dModel;
  const H = config.heads;
  const hd = headDim(config);
  const hidden = d * config.mlpRatio;
  const V = config.vocab;
  const scale = 1 / Math.sqrt(hd);
  const S = ws.cap.ownLength;
  const P = ws.cap.prefixLength;
  const own = step + 1;
  const rope = config.positions === 'rotary' ? rotaryTable(config.context, hd) : null;

  embeddingForward(rows.tokens, rows.positions, p.wte, p.wpe, ws.x, A, d);
  for (let l = 0; l < config.layers; l++) {
    const w = p.layers[l];
    const kOwn = ws.kOwn[l];
    const vOwn = ws.vOwn[l];
    layerNormForward(ws.x, w.ln1g, w.ln1b, ws.ln, ws.mean, ws.rstd, A, d);
    engine.gemm(false, false, A, 3 * d, d, ws.ln, w.wqkv, ws.qkv, false);
    addBiasRows(ws.qkv, w.bqkv, A, 3 * d);

    // Scatter: q → head-major rows; k, v → the slot's own cache at index `step`.
    for (let i = 0; i < A; i++) {
      const src = i * 3 * d;
      const slot = rows.slots[i];
      for (let h = 0; h < H; h++) {
        const qo = (h * A + i) * hd;
        const co = ((slot * H + h) * S + step) * hd;
        const so = src + h * hd;
        for (let e = 0; e < hd; e++) {
          ws.qh[qo + e] = ws.qkv[so + e];
          kOwn[co + e] = ws.qkv[so + d + e];
          vOwn[co + e] = ws.qkv[so + 2 * d + e];
        }
        if (rope !== null) {
          rotateVector(ws.qh, qo, rows.positions[i], rope, false);
          rotateVector(kOwn, co, rows.positions[i], rope, false);
        }
      }
    }

    for (let r = 0; r < rows.runCount; r++) {
      const i0 = rows.runStart[r];
      const c = rows.runLength[r];
      const g = rows.runGroup[r];
      const Pg = rows.prefixLength[g];
      for (let h = 0; h < H; h++) {
        const qBlock = ws.qh.subarray((h * A + i0) * hd, (h * A + i0 + c) * hd);
        const yBlock = ws.yh.subarray((h * A + i0) * hd, (h * A + i0 + c) * hd);
        const preOff = (g * H + h) * P * hd;
        const sp = ws.scoresPre;
        if (Pg > 0) engine.gemm(false, true, c, Pg, hd, qBlock, ws.kPre[l].subarray(preOff, preOff + Pg * hd), sp, false);
        for (let i = 0; i < c; i++) {
          const slot = rows.slots[i0 + i];
          const cacheBase = (slot * H + h) * S * hd;
          ownScoresAndSoftmax(ws.qh, (h * A + i0 + i) * hd, kOwn, cacheBase, own, hd, scale, sp, i * Pg, Pg, ws.scoresOwn, i * S);
        }
        if (Pg > 0) engine.gemm(false, false, c, hd, Pg, sp, ws.vPre[l].subarray(preOff, preOff + Pg * hd), yBlock, false);
        else yBlock.fill(0);
        for (let i = 0; i < c; i++) {
          const slot = rows.slots[i0 + i];
          addOwnValues(ws.scoresOwn, i * S, vOwn, (slot * H + h) * S * hd, own, hd, yBlock, i * hd);
        }
      }
    }
    for (let i = 0; i < A; i++)
      for (let h = 0; h < H; h++) {
        const src = (h * A + i) * hd;
        const dst = i * d + h * hd;
        for (let e = 0; e < hd; e++) ws.y[dst + e] = ws.yh[src + e];
      }

    blockTail(engine, w, { x: ws.x, y: ws.y, mid: ws.mid, ln2: ws.ln, mean2: ws.mean, rstd2: ws.rstd, fc: ws.fc, act: ws.act, tanh: null, out: ws.x }, A, d, hidden);
  }
  layerNormForward(ws.x, p.lnfg, p.lnfb, ws.ln, ws.mean, ws.rstd, A, d);
  engine.gemm(false, true, A, V, d, ws.ln, p.wte, ws.logits, false);
}

/**
 * Attention scores of one row against its own cached keys, then a softmax over the row's prefix
 * scores (`pre`, raw q·k from the shared-prefix gemm) and own scores together. Both are replaced
 * by probabilities.
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
  // Four keys at a time: q[e] is loaded once per four multiply-adds.
  const own4 = own - (own % 4);
  let j = 0;
  for (; j < own4; j += 4) {
    const k0 = kBase + j * hd;
    const k1 = k0 + hd;
    const k2 = k1 + hd;
    const k3 = k2 + hd;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let e = 0; e < hd; e++) {
      const qe = q[qo + e];
      s0 += qe * k[k0 + e];
      s1 += qe * k[k1 + e];
      s2 += qe * k[k2 + e];
      s3 += qe * k[k3 + e];
    }
    s0 *= scale;
    s1 *= scale;
    s2 *= scale;
    s3 *= scale;
    ownScores[so + j] = s0;
    ownScores[so + j + 1] = s1;
    ownScores[so + j + 2] = s2;
    ownScores[so + j + 3] = s3;
    max = Math.max(max, s0, s1, s2, s3);
  }
  for (; j < own; j++) {
    const ko = kBase + j * hd;
    let s = 0;
    for (let e = 0; e < hd; e++) s += q[qo + e] * k[ko + e];
    s *= scale;
    ownScores[so + j] = s;
    if (s > max) max = s;
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
