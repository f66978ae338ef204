import { embeddingForward } from '../tensor/ops/embedding.js';
import { layerNormForwardOn, rowsPlusBiasOn } from '../tensor/kernel-dispatch.js';
import { rotaryTable } from '../tensor/ops/rotary.js';
import { tokenLogprobsForward } from '../tensor/ops/token-logprobs.js';
import type { Engine } from '../tensor/engine.js';
import type { Activations } from './activations.js';
import { attentionForward } from './attention.js';
import { blockTail } from './block-tail.js';
import type { TokenBatch } from './batch.js';
import type { GptConfig } from './config.js';
import { passShape } from './pass-shape.js';
import type { ModelTensors } from './params.js';

/**
 * Full forward pass over a padded batch, keeping every activation the backward pass needs.
 * Leaves token-aligned log-probs, entropies and values in `ws.logp`, `ws.entropy`, `ws.values`.
 */
export function forwardPass(engine: Engine, config: GptConfig, p: ModelTensors, ws: Activations, batch: TokenBatch): void {
  const { B, T, N, d, H, hd, hidden, V, L, scale } = passShape(config, batch);
  const rope = config.positions === 'rotary' ? rotaryTable(config.context, hd) : null;
  const shape = { lengths: batch.lengths, B, T, H, hd, scale };

  for (let b = 0; b < B; b++) {
    const len = batch.lengths[b];
    for (let t = 0; t < T; t++) {
      const r = b * T + t;
      ws.tokens[r] = batch.tokens[r];
      ws.positions[r] = t;
      ws.targets[r] = t + 1 < len ? batch.tokens[r + 1] : -1;
    }
  }

  embeddingForward(ws.tokens, ws.positions, p.wte, p.wpe, L > 0 ? ws.layers[0].x : ws.xf, N, d);

  for (let l = 0; l < L; l++) {
    const a = ws.layers[l];
    const w = p.layers[l];
    const out = l + 1 < L ? ws.layers[l + 1].x : ws.xf;

    layerNormForwardOn(engine, a.x, w.ln1g, w.ln1b, a.ln1, a.mean1, a.rstd1, N, d);
    rowsPlusBiasOn(engine, null, w.bqkv, ws.qkv, N, 3 * d);
    engine.gemm(false, false, N, 3 * d, d, a.ln1, w.wqkv, ws.qkv, true);
    attentionForward(engine, shape, { qkv: ws.qkv, q: a.q, k: a.k, v: a.v, att: a.att, y: a.y, heads: ws.heads }, rope);

    blockTail(engine, w, { x: a.x, y: a.y, mid: a.mid, ln2: a.ln2, mean2: a.mean2, rstd2: a.rstd2, fc: a.fc, act: a.act, tanh: a.tanh, out }, N, d, hidden);
  }

  layerNormForwardOn(engine, ws.xf, p.lnfg, p.lnfb, ws.lnf, ws.meanf, ws.rstdf, N, d);
  engine.gemm(false, true, N, V, d, ws.lnf, p.wte, ws.probs, false);
  tokenLogprobsForward(ws.probs, ws.targets, ws.rowLogp, ws.rowEntropy, N, V);
  if (p.valueW !== null && p.valueB !== null) {
    const vw = p.valueW;
    const vb = p.valueB[0];
    for (let r = 0; r < N; r++) {
      let s = vb;
      const o = r * d;
      for (let j = 0; j < d; j++) s += ws.lnf[o + j] * vw[j];
      ws.rowValue[r] = s;
    }
  }

  // Token alignment: output index (b, t) describes token t, predicted from row (b, t−1).
  const hasValue = p.valueW !== null;
  for (let b = 0; b < B; b++) {
    const len = batch.lengths[b];
    const base = b * T;
    ws.logp[base] = 0;
    ws.entropy[base] = 0;
    ws.values[base] = 0;
    for (let t = 1; t < T; t++) {
      const valid = t < len;
      ws.logp[base + t] = valid ? ws.rowLogp[base + t - 1] : 0;
      ws.entropy[base + t] = valid ? ws.rowEntropy[base + t - 1] : 0;
      ws.values[base + t] = valid && hasValue ? ws.rowValue[base + t - 1] : 0;
    }
  }
}
