import type { AttentionShape } from '../tensor/attention-kernels.js';
import type { Engine } from '../tensor/engine.js';
import type { FloatArray } from '../tensor/float-array.js';
import { causalSoftmaxBackward, causalSoftmaxForward } from '../tensor/ops/causal-softmax.js';
import { rotateHeads, type RotaryTable } from '../tensor/ops/rotary.js';
import { headsToRows, mergeQkv, rowsToHeads, splitQkv } from './heads.js';

/**
 * The model's batched causal self-attention over a padded batch, forward and backward. The loops
 * here are the reference; a backend with native attention kernels (engine.attention, the OpenBLAS
 * backend) runs each pass in one call instead — in float32 with learned positions (rotary models
 * rotate q and k between the split and the scores, which the kernels do not do).
 */
type F = Float32Array;

export interface AttentionForwardBuffers {
  /** Input: q, k, v projections as rows, B·T × 3d. */
  qkv: FloatArray;
  /** Outputs kept for the backward pass: head-major q, k, v [B, H, T, hd] and probabilities [B, H, T, T]. */
  q: FloatArray;
  k: FloatArray;
  v: FloatArray;
  att: FloatArray;
  /** Output: the heads' results as rows, B·T × d. */
  y: FloatArray;
  /** Scratch [B, H, T, hd]. */
  heads: FloatArray;
}

export function attentionForward(engine: Engine, s: AttentionShape, b: AttentionForwardBuffers, rope: RotaryTable | null): void {
  const { B, T, H, hd, scale, lengths } = s;
  if (engine.attention !== undefined && rope === null) {
    engine.attention.forward(s, b.qkv as F, b.q as F, b.k as F, b.v as F, b.att as F, b.y as F);
    return;
  }
  splitQkv(b.qkv, b.q, b.k, b.v, B, T, H, hd);
  if (rope !== null) {
    rotateHeads(b.q, B, H, T, rope, false);
    rotateHeads(b.k, B, H, T, rope, false);
  }
  const yh = b.heads;
  for (let i = 0; i < B; i++) {
    // Only the sequence's real length takes part: rows past it are padding.
    const Tb = lengths[i];
    for (let h = 0; h < H; h++) {
      const bh = i * H + h;
      const o = bh * T * hd;
      const qb = b.q.subarray(o, o + Tb * hd);
      const kb = b.k.subarray(o, o + Tb * hd);
      const vb = b.v.subarray(o, o + Tb * hd);
      const att = b.att.subarray(bh * T * T, bh * T * T + Tb * Tb);
      engine.gemm(false, true, Tb, Tb, hd, qb, kb, att, false);
      causalSoftmaxForward(att, att, Tb, scale);
      engine.gemm(false, false, Tb, hd, Tb, att, vb, yh.subarray(o, o + Tb * hd), false);
      yh.fill(0, o + Tb * hd, o + T * hd);
    }
  }
  headsToRows(yh, b.y, B, T, H, hd);
}

export interface AttentionBackwardBuffers {
  /** What the forward pass kept. */
  q: FloatArray;
  k: FloatArray;
  v: FloatArray;
  att: FloatArray;
  /** Input: gradient of the heads' output rows, B·T × d. */
  dy: FloatArray;
  /** Output: gradient of the qkv rows, B·T × 3d. */
  dqkv: FloatArray;
  /** Scratch: [B, H, T, hd] each, and T × T. */
  heads: FloatArray;
  dq: FloatArray;
  dk: FloatArray;
  dv: FloatArray;
  dAtt: FloatArray;
}

export function attentionBackward(engine: Engine, s: AttentionShape, b: AttentionBackwardBuffers, rope: RotaryTable | null): void {
  const { B, T, H, hd, scale, lengths } = s;
  if (engine.attention !== undefined && rope === null) {
    engine.attention.backward(s, b.q as F, b.k as F, b.v as F, b.att as F, b.dy as F, b.dqkv as F);
    return;
  }
  const dyh = b.heads;
  rowsToHeads(b.dy, dyh, B, T, H, hd);
  for (let i = 0; i < B; i++) {
    const Tb = lengths[i];
    for (let h = 0; h < H; h++) {
      const bh = i * H + h;
      const o = bh * T * hd;
      const end = o + Tb * hd;
      const att = b.att.subarray(bh * T * T, bh * T * T + Tb * Tb);
      const dAtt = b.dAtt.subarray(0, Tb * Tb);
      const dy = dyh.subarray(o, end);
      engine.gemm(false, true, Tb, Tb, hd, dy, b.v.subarray(o, end), dAtt, false);
      engine.gemm(true, false, Tb, hd, Tb, att, dy, b.dv.subarray(o, end), false);
      causalSoftmaxBackward(att, dAtt, dAtt, Tb, scale);
      engine.gemm(false, false, Tb, hd, Tb, dAtt, b.k.subarray(o, end), b.dq.subarray(o, end), false);
      engine.gemm(true, false, Tb, hd, Tb, dAtt, b.q.subarray(o, end), b.dk.subarray(o, end), false);
      const padEnd = o + T * hd;
      b.dq.fill(0, end, padEnd);
      b.dk.fill(0, end, padEnd);
      b.dv.fill(0, end, padEnd);
    }
  }
  if (rope !== null) {
    // q and k were rotated after the split: their gradients rotate back.
    rotateHeads(b.dq, B, H, T, rope, true);
    rotateHeads(b.dk, B, H, T, rope, true);
  }
  mergeQkv(b.dq, b.dk, b.dv, b.dqkv, B, T, H, hd);
}
