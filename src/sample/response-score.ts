import type { TokenLogprobs } from './types.js';

/**
 * The response part of a scored prompt+response text: token count, NLL sum, byte count and mean
 * entropy. A token that straddles the prompt/response boundary (BPE merges across it) counts as
 * a response token, so no response character is ever left unscored.
 */
export interface ResponseScore {
  tokenCount: number;
  /** Σ −log p over response tokens, nats. */
  nllSum: number;
  /** UTF-8 bytes of the response (perplexity per byte compares models with different tokenizers). */
  byteCount: number;
  /** Mean entropy (nats) over response tokens; null where the scorer gave none. */
  entropy: number | null;
}

export function scoreResponse(scored: TokenLogprobs, promptLength: number, response: string): ResponseScore {
  let tokenCount = 0;
  let nllSum = 0;
  let entropySum = 0;
  let entropyCount = 0;
  for (let i = 0; i < scored.tokens.length; i++) {
    if (scored.offsets[i] + scored.tokens[i].length <= promptLength) continue;
    const lp = scored.logprobs[i];
    if (lp === null || !Number.isFinite(lp))
      throw new RangeError(`the scorer gave no log-probability for response token ${i} (${JSON.stringify(scored.tokens[i])})`);
    tokenCount++;
    nllSum -= lp;
    const h = scored.entropies?.[i];
    if (h !== null && h !== undefined && Number.isFinite(h)) {
      entropySum += h;
      entropyCount++;
    }
  }
  return {
    tokenCount,
    nllSum,
    byteCount: Buffer.byteLength(response, 'utf8'),
    entropy: entropyCount > 0 && entropyCount === tokenCount ? entropySum / entropyCount : null,
  };
}
