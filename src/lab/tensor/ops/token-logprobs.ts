import type { FloatArray } from '../float-array.js';
import { fastExpNeg } from './fast-exp.js';

/**
 * Log-softmax head: for each row of `logits` (rows × V), turn the row into probabilities in place
 * (kept for the backward pass) and report log p(target) and the entropy of the distribution.
 * Rows whose target is negative (no next token: padding, or the last position) still get
 * probabilities and an entropy, and log p = 0.
 */
export function tokenLogprobsForward(logits: FloatArray, targets: Int32Array, logp: FloatArray, entropy: FloatArray, rows: number, V: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * V;
    let max = -Infinity;
    for (let j = 0; j < V; j++) if (logits[o + j] > max) max = logits[o + j];
    let sum = 0;
    for (let j = 0; j < V; j++) sum += fastExpNeg(logits[o + j] - max);
    const lse = max + Math.log(sum);
    // Entropy from logits (exact even where p underflows): H = lse − Σ p z.
    let pz = 0;
    const tgt = targets[r];
    let lp = 0;
    for (let j = 0; j < V; j++) {
      const z = logits[o + j];
      const p = fastExpNeg(z - lse);
      pz += p * z;
      if (j === tgt) lp = z - lse;
      logits[o + j] = p;
    }
    logp[r] = tgt >= 0 ? lp : 0;
    entropy[r] = lse - pz;
  }
}

/**
 * Gradient w.r.t. the logits from gradients w.r.t. log p(target) and the entropy:
 *   dz = dLogp · (onehot(target) − p) − dEntropy · p ⊙ (log p + H)
 * `probs` is what `tokenLogprobsForward` left in the logits buffer; `dEntropy` may be null.
 * Overwrites dLogits.
 */
export function tokenLogprobsBackward(
  probs: FloatArray,
  targets: Int32Array,
  entropy: FloatArray,
  dLogp: FloatArray,
  dEntropy: FloatArray | null,
  dLogits: FloatArray,
  rows: number,
  V: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * V;
    const tgt = targets[r];
    const gl = tgt >= 0 ? dLogp[r] : 0;
    const ge = dEntropy === null ? 0 : dEntropy[r];
    if (gl === 0 && ge === 0) {
      dLogits.fill(0, o, o + V);
      continue;
    }
    const H = entropy[r];
    for (let j = 0; j < V; j++) {
      const p = probs[o + j];
      let g = -gl * p;
      if (ge !== 0 && p > 0) g -= ge * p * (Math.log(p) + H);
      dLogits[o + j] = g;
    }
    if (tgt >= 0) dLogits[o + tgt] += gl;
  }
}
