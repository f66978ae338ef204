import { embeddingBackward } from '../tensor/ops/embedding.js';
import { columnSumsOn, geluBackwardOn, layerNormBackwardOn } from '../tensor/kernel-dispatch.js';
import { rotaryTable } from '../tensor/ops/rotary.js';
import { tokenLogprobsBackward } from '../tensor/ops/token-logprobs.js';
import type { Engine } from '../tensor/engine.js';
import type { FloatArray } from '../tensor/float-array.js';
import type { Activations } from './activations.js';
import { attentionBackward } from './attention.js';
import type { TokenBatch } from './batch.js';
import type { GptConfig } from './config.js';
import { passShape } from './pass-shape.js';
import type { ModelTensors } from './params.js';

/** Token-aligned output gradients (index b·T + t, same layout as the forward outputs). */
export interface OutputGradients {
  /** dL/d log p(token t). Only valid tokens (1 ≤ t < length) are read. */
  dLogp: FloatArray | null;
  /** dL/d entropy of the distribution that predicted token t. */
  dEntropy?: FloatArray | null;
  /** dL/d value estimate at token t (value head only). */
  dValues?: FloatArray | null;
}

/**
 * Backward pass for the batch of the last `forwardPass`. ACCUMULATES into the gradient tensors `g`
 * (so several micro-batches can add up before one optimizer step).
 */
export function backwardPass(
  engine: Engine,
  config: GptConfig,
  p: ModelTensors,
  g: ModelTensors,
  ws: Activations,
  batch: TokenBatch,
  grads: OutputGradients,
): void {
  const { B, T, N, d, H, hd, hidden, V, L, scale } = passShape(config, batch);
  const rope = config.positions === 'rotary' ? rotaryTable(config.context, hd) : null;
  const shape = { lengths: batch.lengths, B, T, H, hd, scale };
  const dEnt = grads.dEntropy ?? null;
  const dVal = grads.dValues ?? null;
  if (dVal !== null && (p.valueW === null || g.valueW === null || g.valueB === null))
    throw new Error('dValues given but the model has no value head (config.valueHead = false)');

  // Token-aligned → row-aligned (row t−1 predicted token t).
  ws.dRowLogp.fill(0, 0, N);
  ws.dRowEntropy.fill(0, 0, N);
  for (let b = 0; b < B; b++) {
    const len = batch.lengths[b];
    const base = b * T;
    for (let t = 1; t < len; t++) {
      if (grads.dLogp !== null) ws.dRowLogp[base + t - 1] = grads.dLogp[base + t];
      if (dEnt !== null) ws.dRowEntropy[base + t - 1] = dEnt[base + t];
    }
  }
  tokenLogprobsBackward(ws.probs, ws.targets, ws.rowEntropy, ws.dRowLogp, dEnt === null ? null : ws.dRowEntropy, ws.dLogits, N, V);

  // Tied head: logits = lnf · wteᵀ.
  const dLnf = ws.dTmp;
  engine.gemm(false, false, N, d, V, ws.dLogits, p.wte, dLnf, false);
  engine.gemm(true, false, V, d, N, ws.dLogits, ws.lnf, g.wte, true);
  if (dVal !== null && p.valueW !== null && g.valueW !== null && g.valueB !== null) {
    const vw = p.valueW;
    const gw = g.valueW;
    let gb = 0;
    for (let b = 0; b < B; b++) {
      const len = batch.lengths[b];
      for (let t = 1; t < len; t++) {
        const gv = dVal[b * T + t];
        if (gv === 0) continue;
        const r = b * T + t - 1;
        const o = r * d;
        for (let j = 0; j < d; j++) {
          dLnf[o + j] += gv * vw[j];
          gw[j] += gv * ws.lnf[o + j];
        }
        gb += gv;
      }
    }
    g.valueB[0] += gb;
  }
  const dx = ws.dx;
  dx.fill(0, 0, N * d);
  layerNormBackwardOn(engine, dLnf, ws.xf, p.lnfg, ws.meanf, ws.rstdf, dx, g.lnfg, g.lnfb, N, d);

  for (let l = L - 1; l >= 0; l--) {
    const a = ws.layers[l];
    const w = p.layers[l];
    const gw = g.layers[l];

    // MLP: out = mid + gelu(ln2 · W1 + b1) · W2 + b2; dx holds d(out).
    columnSumsOn(engine, dx, gw.b2, N, d);
    engine.gemm(true, false, hidden, d, N, a.act, dx, gw.w2, true);
    engine.gemm(false, true, N, hidden, d, dx, w.w2, ws.dFc, false);
    geluBackwardOn(engine, ws.dFc, a.fc, a.tanh, ws.dFc, N * hidden);
    columnSumsOn(engine, ws.dFc, gw.b1, N, hidden);
    engine.gemm(true, false, d, hidden, N, a.ln2, ws.dFc, gw.w1, true);
    engine.gemm(false, true, N, d, hidden, ws.dFc, w.w1, ws.dTmp, false);
    layerNormBackwardOn(engine, ws.dTmp, a.mid, w.ln2g, a.mean2, a.rstd2, dx, gw.ln2g, gw.ln2b, N, d);

    // Attention: mid = x + y · Wo + bo; dx now holds d(mid).
    columnSumsOn(engine, dx, gw.bo, N, d);
    engine.gemm(true, false, d, d, N, a.y, dx, gw.wo, true);
    engine.gemm(false, true, N, d, d, dx, w.wo, ws.dTmp, false);
    const dqkv = ws.qkv;
    attentionBackward(
      engine,
      shape,
      { q: a.q, k: a.k, v: a.v, att: a.att, dy: ws.dTmp, dqkv, heads: ws.heads, dq: ws.dq, dk: ws.dk, dv: ws.dv, dAtt: ws.dAtt },
      rope,
    );
    columnSumsOn(engine, dqkv, gw.bqkv, N, 3 * d);
    engine.gemm(true, false, d, 3 * d, N, a.ln1, dqkv, gw.wqkv, true);
    engine.gemm(false, true, N, d, 3 * d, dqkv, w.wqkv, ws.dTmp, false);
    layerNormBackwardOn(engine, ws.dTmp, a.x, w.ln1g, a.mean1, a.rstd1, dx, gw.ln1g, gw.ln1b, N, d);
  }

  embeddingBackward(ws.tokens, ws.positions, dx, g.wte, g.wpe, N, d);
}
