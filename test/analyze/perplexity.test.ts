import { describe, expect, it } from 'vitest';
import { perplexitySummary, perTokenPerplexity, fractionBelow, summarizeDistribution } from '../../src/analyze/index.js';

describe('perplexity summaries', () => {
  it('per-token and per-byte PPL, medians and percentiles, pooled PPL', () => {
    const scored = [
      { nllSum: 0, tokens: 10, bytes: 40 },
      { nllSum: Math.log(2) * 10, tokens: 10, bytes: 40 },
      { nllSum: Math.log(4) * 20, tokens: 20, bytes: 80 },
    ];
    expect(perTokenPerplexity(scored[1])).toBeCloseTo(2, 12);
    const s = perplexitySummary(scored);
    expect(s.perToken.median).toBeCloseTo(2, 12);
    expect(s.perToken.min).toBeCloseTo(1, 12);
    expect(s.perToken.max).toBeCloseTo(4, 12);
    expect(s.perToken.p25).toBeCloseTo(1.5, 12);
    expect(s.perByte!.median).toBeCloseTo(2 ** 0.25, 12);
    expect(s.pooledPerToken).toBeCloseTo(Math.exp((Math.log(2) * 10 + Math.log(4) * 20) / 40), 12);
    expect(perplexitySummary([{ nllSum: 1, tokens: 1 }]).perByte).toBeNull();
  });

  it('names impossible inputs', () => {
    expect(() => perplexitySummary([{ nllSum: 1, tokens: 0 }])).toThrow(/scored\[0\]\.tokens/);
    expect(() =>
      perplexitySummary([
        { nllSum: 1, tokens: 2 },
        { nllSum: -1, tokens: 2 },
      ]),
    ).toThrow(/scored\[1\]\.nllSum/);
    expect(() => perplexitySummary([])).toThrow(/no scored/);
  });

  it('distribution helpers', () => {
    const d = summarizeDistribution([5, 1, 3, 2, 4]);
    expect([d.min, d.p25, d.median, d.p75, d.max]).toEqual([1, 2, 3, 4, 5]);
    expect(fractionBelow([1, 2, 3, 4], 3)).toBe(0.5);
  });
});
