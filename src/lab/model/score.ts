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
}

/**
 * Teacher-forced scoring of continuations (perplexity, RL's old/ref log-probs, `echo` scoring):
 * one full forward pass per micro-batch of `batchSize` sequences.
 */
export function scoreContinuations(model: GptModel, items: readonly ScoreItem[], options: { batchSize?: number } = {}): ContinuationScore[] {
  const batchSize = options.batchSize ?? 64;
  const out: ContinuationScore[] = [];
  for (let start = 0; start < items.length; start += batchSize) {
    const chunk = items.slice(start, start + batchSize);
    const seqs = chunk.map((it, i) => {
      if (it.prompt.length < 1) throw new InputError('scoring needs at least one prompt token (e.g. BOS)', { field: `items[${start + i}].prompt` });
      return [...Array.from(it.prompt), ...Array.from(it.continuation)];
    });
    const batch = model.pack(seqs);
    const res = model.forward(batch);
    const T = batch.width;
    chunk.forEach((it, b) => {
      const P = it.prompt.length;
      const n = it.continuation.length;
      const logprobs = new Float64Array(n);
      const entropies = new Float64Array(n);
      let total = 0;
      for (let i = 0; i < n; i++) {
        logprobs[i] = res.logp[b * T + P + i];
        entropies[i] = res.entropy[b * T + P + i];
        total += logprobs[i];
      }
      out.push({ logprobs, entropies, totalLogprob: total });
    });
  }
  return out;
}
