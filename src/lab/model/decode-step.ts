import { embeddingForward } from '../tensor/ops/embedding.js';
import { decodeAttentionOn, layerNormForwardOn, rowsPlusBiasOn, weightGemmOn } from '../tensor/kernel-dispatch.js';
import { rotaryTable, rotateVector } from '../tensor/ops/rotary.js';
import type { Engine } from '../tensor/engine.js';
import { blockTail } from './block-tail.js';
import { headDim, type GptConfig } from './config.js';
import type { DecodeWeights } from './decode-weights.js';
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
 * projections are one gemm over all active rows; attention (to the prompt's shared prefix and the
 * sample's own tokens, every head) is one kernel call per run of rows sharing a prompt.
 */
export function decodeStep(
  engine: Engine,
  config: GptConfig,
  p: ModelTensors,
  ws: DecodeWorkspace,
  rows: ActiveRows,
  step: number,
  /** The weights pre-packed for this sampling call (null: the backend has no packed products). */
  packed: DecodeWeights | null,
): void {
  const A = rows.count;
  const d = config.dModel;
  const H = config.heads;
  const hd = headDim(config);
  const hidden = d * config.mlpRatio;
  const V = config.vocab;
  const scale = 1 / Math.sqrt(hd);
  const rope = config.positions === 'rotary' ? rotaryTable(config.context, hd) : null;

  embeddingForward(rows.tokens, rows.positions, p.wte, p.wpe, ws.x, A, d);
  for (let l = 0; l < config.layers; l++) {
    const w = p.layers[l];
    layerNormForwardOn(engine, ws.x, w.ln1g, w.ln1b, ws.ln, ws.mean, ws.rstd, A, d);
    rowsPlusBiasOn(engine, null, w.bqkv, ws.qkv, A, 3 * d);
    weightGemmOn(engine, false, A, 3 * d, d, ws.ln, w.wqkv, packed?.blocks[l].wqkv, ws.qkv, true);
    // Rotary positions turn q and k in place before the attention kernel caches k.
    if (rope !== null)
      for (let i = 0; i < A; i++)
        for (let h = 0; h < H; h++) {
          rotateVector(ws.qkv, i * 3 * d + h * hd, rows.positions[i], rope, false);
          rotateVector(ws.qkv, i * 3 * d + d + h * hd, rows.positions[i], rope, false);
        }
    for (let r = 0; r < rows.runCount; r++) {
      const i0 = rows.runStart[r];
      const c = rows.runLength[r];
      const g = rows.runGroup[r];
      decodeAttentionOn(engine, {
        qkv: ws.qkv.subarray(i0 * 3 * d, (i0 + c) * 3 * d),
        y: ws.y.subarray(i0 * d, (i0 + c) * d),
        kPre: ws.kPre[l],
        vPre: ws.vPre[l],
        kOwn: ws.kOwn[l],
        vOwn: ws.vOwn[l],
        slots: rows.slots,
        slotsOffset: i0,
        c,
        heads: H,
        hd,
        group: g,
        prefixLength: rows.prefixLength[g],
        prefixStride: ws.prefixStride,
        S: ws.ownStride,
        step,
        scale,
      });
    }
    const tail = { x: ws.x, y: ws.y, mid: ws.mid, ln2: ws.ln, mean2: ws.mean, rstd2: ws.rstd, fc: ws.fc, act: ws.act, tanh: null, out: ws.x };
    blockTail(engine, w, tail, A, d, hidden, packed?.blocks[l]);
  }
  layerNormForwardOn(engine, ws.x, p.lnfg, p.lnfb, ws.ln, ws.mean, ws.rstd, A, d);
  weightGemmOn(engine, true, A, V, d, ws.ln, p.wte, packed?.head, ws.logits, false);
}
