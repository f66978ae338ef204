import { InputError } from '../errors.js';
import { quantileSorted, sortedCopy } from './quantile.js';

/**
 * A response scored under some model: the summed negative log-likelihood (natural log) of its
 * tokens given the prompt, the number of tokens, and optionally its length in UTF-8 bytes.
 */
export interface ScoredResponse {
  nllSum: number;
  tokens: number;
  bytes?: number;
}

/** PPL = exp(NLL / T) over the response tokens (paper v2 §4.1). */
export function perTokenPerplexity(s: ScoredResponse): number {
  return Math.exp(s.nllSum / s.tokens);
}

/** Per-byte perplexity exp(NLL / bytes): comparable across models with different tokenizers. */
export function perBytePerplexity(s: ScoredResponse & { bytes: number }): number {
  return Math.exp(s.nllSum / s.bytes);
}

/** Order statistics of a distribution. Perplexities are skewed, so no mean is reported. */
export interface DistributionSummary {
  count: number;
  min: number;
  p5: number;
  p25: number;
  median: number;
  p75: number;
  p95: number;
  max: number;
}

export function summarizeDistribution(values: ArrayLike<number>): DistributionSummary {
  const s = sortedCopy(values);
  if (s.length === 0) throw new InputError('cannot summarize an empty set of values');
  const q = (p: number): number => quantileSorted(s, p);
  return { count: s.length, min: s[0], p5: q(0.05), p25: q(0.25), median: q(0.5), p75: q(0.75), p95: q(0.95), max: s[s.length - 1] };
}

/** Fraction of `values` strictly below `x` (e.g. where PPL_Base(Y_RL) sits inside PPL_Base(Y_Base)). */
export function fractionBelow(values: ArrayLike<number>, x: number): number {
  let below = 0;
  for (let i = 0; i < values.length; i++) if (values[i] < x) below++;
  return values.length === 0 ? NaN : below / values.length;
}

export interface PerplexitySummary {
  perToken: DistributionSummary;
  /** Null unless every response has a byte count. */
  perByte: DistributionSummary | null;
  /** exp(Σ NLL / Σ tokens): the corpus-level perplexity (token-weighted), not a mean of perplexities. */
  pooledPerToken: number;
}

/** Per-response perplexities summarized by median and percentiles; rejects impossible inputs. */
export function perplexitySummary(scored: readonly ScoredResponse[]): PerplexitySummary {
  if (scored.length === 0) throw new InputError('no scored responses to summarize');
  let nll = 0;
  let tokens = 0;
  scored.forEach((s, i) => {
    if (!Number.isInteger(s.tokens) || s.tokens < 1)
      throw new InputError(`token count must be an integer ≥ 1 (got ${s.tokens})`, { field: `scored[${i}].tokens` });
    if (!Number.isFinite(s.nllSum) || s.nllSum < 0)
      throw new InputError(`NLL sum must be a finite number ≥ 0 (got ${s.nllSum})`, { field: `scored[${i}].nllSum` });
    if (s.bytes !== undefined && (!Number.isInteger(s.bytes) || s.bytes < 1))
      throw new InputError(`byte count must be an integer ≥ 1 (got ${s.bytes})`, { field: `scored[${i}].bytes` });
    nll += s.nllSum;
    tokens += s.tokens;
  });
  const withBytes = scored.every((s) => s.bytes !== undefined);
  return {
    perToken: summarizeDistribution(scored.map(perTokenPerplexity)),
    perByte: withBytes ? summarizeDistribution(scored.map((s) => perBytePerplexity(s as ScoredResponse & { bytes: number }))) : null,
    pooledPerToken: Math.exp(nll / tokens),
  };
}
