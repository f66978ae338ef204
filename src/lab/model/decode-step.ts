import { embeddingForward } from '../tensor/ops/embedding.js';
import { decodeOwnScoresOn, decodeOwnValuesOn, decodeScatterQkvOn, headsToRowsDecodeOn, layerNormForwardOn, rowsPlusBiasOn } from '../tensor/kernel-dispatch.js';
import { rotaryTable, rotateVector } from '../tensor/ops/rotary.js';
import type { Engine } from '../tensor/engine.js';
import { blockTail } from './block-tail.js';
import { headDim, type GptConfig } from './config.js';
import type { DecodeWorkspace } from './decode-workspace.js';
import type { ModelTensors } from './params.js';

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
  const S = ws.ownStride;
  const P = ws.cap.prefixLength;
  const own = step + 1;
  const rope = config.positions === 'rotary' ? rotaryTable(config.context, hd) : null;

  embeddingForward(rows.tokens, rows.positions, p.wte, p.wpe, ws.x, A, d);
  for (let l = 0; l < config.layers; l++) {
    const w = p.layers[l];
    const kOwn = ws.kOwn[l];
    const vOwn = ws.vOwn[l];
    layerNormForwardOn(engine, ws.x, w.ln1g, w.ln1b, ws.ln, ws.mean, ws.rstd, A, d);
    rowsPlusBiasOn(engine, null, w.bqkv, ws.qkv, A, 3 * d);
    engine.gemm(false, false, A, 3 * d, d, ws.ln, w.wqkv, ws.qkv, true);

    // Rotary positions turn q and k in place before they are scattered (the key cache is blocked).
    if (rope !== null)
      for (let i = 0; i < A; i++)
        for (let h = 0; h < H; h++) {
          rotateVector(ws.qkv, i * 3 * d + h * hd, rows.positions[i], rope, false);
          rotateVector(ws.qkv, i * 3 * d + d + h * hd, rows.positions[i], rope, false);
        }
    // Scatter: q → head-major rows; k, v → the slot's own caches at index `step`.
    decodeScatterQkvOn(engine, { qkv: ws.qkv, qh: ws.qh, kOwn, vOwn, slots: rows.slots, A, heads: H, S, hd, step });

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
        const ownArgs = { slots: rows.slots, slotsOffset: i0, c, head: h, heads: H, S, hd, own, ownScores: ws.scoresOwn };
        decodeOwnScoresOn(engine, { ...ownArgs, q: qBlock, kOwn, scale, pre: sp, preLength: Pg });
        if (Pg > 0) engine.gemm(false, false, c, hd, Pg, sp, ws.vPre[l].subarray(preOff, preOff + Pg * hd), yBlock, false);
        else yBlock.fill(0);
        decodeOwnValuesOn(engine, { ...ownArgs, vOwn, y: yBlock });
      }
    }
    headsToRowsDecodeOn(engine, ws.yh, ws.y, A, H, hd);

    blockTail(engine, w, { x: ws.x, y: ws.y, mid: ws.mid, ln2: ws.ln, mean2: ws.mean, rstd2: ws.rstd, fc: ws.fc, act: ws.act, tanh: null, out: ws.x }, A, d, hidden);
  }
  layerNormForwardOn(engine, ws.x, p.lnfg, p.lnfb, ws.ln, ws.mean, ws.rstd, A, d);
  engine.gemm(false, true, A, V, d, ws.ln, p.wte, ws.logits, false);
}
