import type { TokenBatch } from '../model/batch.js';
import type { ForwardOutputs } from '../model/gpt.js';
import type { FloatArray } from '../tensor/float-array.js';

/**
 * Token-aligned weights (index b·T + t) that select the response: 1 for prompt-length ≤ t <
 * length, 0 elsewhere. The usual SFT/RL loss mask ("train only on response tokens", EOS included
 * when it is part of the sequence).
 */
export function responseMask(batch: TokenBatch, promptLengths: ArrayLike<number>): Float32Array {
  const T = batch.width;
  const w = new Float32Array(batch.batch * T);
  for (let b = 0; b < batch.batch; b++) {
    const start = Math.max(1, promptLengths[b]);
    for (let t = start; t < batch.lengths[b]; t++) w[b * T + t] = 1;
  }
  return w;
}

export interface WeightedNll {
  /** Σ w_t·(−log p_t) / normalizer. */
  loss: number;
  /** dL/d log p_t = −w_t / normalizer, ready for `model.backward({ dLogp })`. */
  dLogp: Float32Array;
  /** Σ w_t over valid tokens. */
  weightSum: number;
}

/**
 * Weighted negative log-likelihood (cross-entropy with a loss mask and per-token weights). With
 * 0/1 weights and the default normalizer (Σ w) this is the token-mean SFT loss; RL losses pass
 * their own per-token weights or build dLogp themselves.
 */
export function weightedNll(out: ForwardOutputs, weights: ArrayLike<number>, normalizer?: number): WeightedNll {
  const { batch, logp } = out;
  const T = batch.width;
  let weightSum = 0;
  for (let b = 0; b < batch.batch; b++) for (let t = 1; t < batch.lengths[b]; t++) weightSum += weights[b * T + t];
  const norm = normalizer ?? (weightSum > 0 ? weightSum : 1);
  const dLogp = new Float32Array(batch.batch * T);
  let loss = 0;
  for (let b = 0; b < batch.batch; b++) {
    for (let t = 1; t < batch.lengths[b]; t++) {
      const i = b * T + t;
      const w = weights[i];
      if (w === 0) continue;
      loss -= w * logp[i];
      dLogp[i] = -w / norm;
    }
  }
  return { loss: loss / norm, dLogp, weightSum };
}

/** Mean of `values` over the tokens where `weights` is non-zero (e.g. mean entropy of the response). */
export function maskedMean(values: FloatArray, weights: ArrayLike<number>, batch: TokenBatch): number {
  const T = batch.width;
  let s = 0;
  let n = 0;
  for (let b = 0; b < batch.batch; b++)
    for (let t = 1; t < batch.lengths[b]; t++)
      if (weights[b * T + t] !== 0) {
        s += values[b * T + t];
        n += 1;
      }
  return n > 0 ? s / n : 0;
}
