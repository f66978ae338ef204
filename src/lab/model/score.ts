import { InputError } from '../../errors.js';
import type { GptModel } from './gpt.js';

export interface ScoreItem {
  /** Context tokens (at least one, e.g. BOS). */
  prompt: ArrayLike<number>;
  /** Tokens to score, each conditioned on the prompt and the continuation tokens before it. */
  continuation: ArrayLike<number>;
}

export interface ContinuationScore {
  /** log p(continuation[i] | prompt, continuation[<i]). */
  logprobs: Float64Array;
  /** Entropy of the model's distribution at each continuation position. */
  entropies: Float64Array;
  /** Σ logprobs. */
  totalLogprob: number;
  /** With `topK`: the k most likely tokens at each continuation position (most likely first). */
  top?: { token: number; logprob: number }[][];
}

/** The k most likely tokens of one probability row, most likely first (ties: lower id first). */
function topOfRow(probs: ArrayLike<number>, offset: number, vocab: number, k: number): { token: number; logprob: number }[] {
  const best: { token: number; p: number }[] = [];
  for (let v = 0; v < vocab; v++) {
    const p = probs[offset + v];
    if (best.length === k && p <= best[k - 1].p) continue;
    let at = best.length;
    while (at > 0 && best[at - 1].p < p) at--;
    best.splice(at, 0, { token: v, p });
    if (best.length > k) best.pop();
  }
  return best.map((b) => ({ token: b.token, logprob: Math.log(b.p) }));
}

/**
 * Teacher-forced scoring of continuations (perplexity, RL's old/ref log-probs, `echo` scoring):
 * one full forward pass per micro-batch of `batchSize` sequences.
 */
export function scoreContinuations(model: GptModel, items: readonly ScoreItem[], options: { batchSize?: number; topK?: number } = {}): ContinuationScore[] {
  const batchSize = options.batchSize ?? 64;
  items.forEach((it, i) => {
    if (it.prompt.length < 1) throw new InputError('scoring needs at least one prompt token (e.g. BOS)', { field: `items[${i}].prompt` });
  });
  // Batch sequences of similar length together (less padding), then restore the caller's order.
  const order = items.map((_, i) => i).sort((a, b) => total(items[a]) - total(items[b]) || a - b);
  const out: ContinuationScore[] = new Array(items.length);
  for (let start = 0; start < order.length; start += batchSize) {
    const idx = order.slice(start, start + batchSize);
    const batch = model.pack(idx.map((i) => [...Array.from(items[i].prompt), ...Array.from(items[i].continuation)]));
    const res = model.forward(batch);
    const T = batch.width;
    idx.forEach((i, b) => {
      const it = items[i];
      const P = it.prompt.length;
      const n = it.continuation.length;
      const logprobs = new Float64Array(n);
      const entropies = new Float64Array(n);
      let sum = 0;
      for (let j = 0; j < n; j++) {
        logprobs[j] = res.logp[b * T + P + j];
        entropies[j] = res.entropy[b * T + P + j];
        sum += logprobs[j];
      }
      out[i] = { logprobs, entropies, totalLogprob: sum };
      const k = Math.min(options.topK ?? 0, model.config.vocab);
      if (k > 0) {
        // Row r of the head's probabilities predicts token r + 1 of the packed sequence.
        const probs = model.activations().probs;
        const V = model.config.vocab;
        out[i].top = Array.from({ length: n }, (_, j) => topOfRow(probs, (b * T + P + j - 1) * V, V, k));
      }
    });
  }
  return out;
}

function total(it: ScoreItem): number {
  return it.prompt.length + it.continuation.length;
}
