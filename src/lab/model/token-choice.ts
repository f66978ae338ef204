import type { FloatArray } from '../tensor/float-array.js';
import type { Rng } from '../tensor/rng.js';
import type { SamplingParams } from './sampling-params.js';
import { fastExpNeg } from '../tensor/ops/fast-exp.js';

/**
 * Picks the next token from one row of logits. Uses only that row and the sample's own Rng, so a
 * sample's tokens never depend on which other samples share its batch. Scratch arrays are reused
 * across calls (no allocation per token).
 */
export class TokenChooser {
  private readonly weights: Float64Array;
  private readonly order: Int32Array;
  /** Model log-probability (temperature 1, no filtering) of the last chosen token. */
  lastLogprob = 0;

  constructor(private readonly vocab: number) {
    this.weights = new Float64Array(vocab);
    this.order = new Int32Array(vocab);
  }

  choose(logits: FloatArray, offset: number, params: SamplingParams, rng: Rng): number {
    const V = this.vocab;
    let max = -Infinity;
    let argmax = 0;
    for (let j = 0; j < V; j++) {
      const z = logits[offset + j];
      if (z > max) {
        max = z;
        argmax = j;
      }
    }
    let sum1 = 0;
    for (let j = 0; j < V; j++) sum1 += fastExpNeg(logits[offset + j] - max);
    const lse = max + Math.log(sum1);

    let token: number;
    if (params.temperature === 0) token = argmax;
    else {
      const w = this.weights;
      const invT = 1 / params.temperature;
      let total = 0;
      for (let j = 0; j < V; j++) {
        const e = fastExpNeg((logits[offset + j] - max) * invT);
        w[j] = e;
        total += e;
      }
      if (params.topK > 0 || params.topP < 1) token = this.sampleFiltered(params, rng);
      else {
        const u = rng.uniform() * total;
        let acc = 0;
        token = V - 1;
        for (let j = 0; j < V; j++) {
          acc += w[j];
          if (u < acc) {
            token = j;
            break;
          }
        }
        // Rounding can leave u ≥ acc on a zero-weight tail: fall back to the last positive weight.
        while (w[token] === 0 && token > 0) token--;
      }
    }
    this.lastLogprob = logits[offset + token] - lse;
    return token;
  }

  /** top-k then top-p over the tempered weights in `this.weights` (sum `total`). */
  private sampleFiltered(params: SamplingParams, rng: Rng): number {
    const V = this.vocab;
    const w = this.weights;
    const order = this.order;
    for (let j = 0; j < V; j++) order[j] = j;
    order.sort((a, b) => w[b] - w[a] || a - b);
    let keep = params.topK > 0 ? Math.min(params.topK, V) : V;
    let keptMass = 0;
    for (let i = 0; i < keep; i++) keptMass += w[order[i]];
    if (params.topP < 1) {
      const target = params.topP * keptMass;
      let acc = 0;
      for (let i = 0; i < keep; i++) {
        acc += w[order[i]];
        if (acc >= target) {
          keep = i + 1;
          keptMass = acc;
          break;
        }
      }
    }
    const u = rng.uniform() * keptMass;
    let acc = 0;
    for (let i = 0; i < keep; i++) {
      acc += w[order[i]];
      if (u < acc) return order[i];
    }
    return order[keep - 1];
  }
}
