import { describe, expect, it } from 'vitest';
import { CharTokenizer, createModel, generate, generateBatch, scoreContinuations, scoreText } from '../../../src/lab/model/index.js';
import { Rng } from '../../../src/lab/tensor/rng.js';

const tok = CharTokenizer.withDefaultSpecials('abc');
function model() {
  const m = createModel({ layers: 1, dModel: 16, heads: 2, context: 16, vocab: tok.vocabSize }, { seed: 2 });
  const rng = new Rng(3);
  for (let i = 0; i < m.params.length; i++) m.params[i] += rng.normal() * 0.3;
  return m;
}

describe('text-level generate / scoreText', () => {
  it('decodes text without specials or the stop string, with per-sample seeds', () => {
    const m = model();
    const free = generate(m, tok, { prompt: 'ab', n: 20, seed: 1 }, { maxTokens: 8 });
    for (const c of free) {
      expect(c.text).toMatch(/^[abc]*$/);
      if (c.finishReason === 'stop') expect(c.tokens[c.tokens.length - 1]).toBe(tok.eos);
      expect(c.logprobs).toHaveLength(c.tokens.length);
    }
    // A stop string cuts the text before it and ends the sample there.
    const withStop = generate(m, tok, { prompt: 'ab', n: 20, seed: 1 }, { maxTokens: 8, stop: ['c'] });
    let cut = 0;
    withStop.forEach((c, i) => {
      expect(c.text).not.toContain('c');
      const full = free[i].text;
      if (full.includes('c')) {
        cut++;
        expect(c.finishReason).toBe('stop');
        expect(c.text).toBe(full.slice(0, full.indexOf('c')));
      }
    });
    expect(cut).toBeGreaterThan(0);
    // Explicit seeds: sample i of a larger request equals a one-sample request with its seed.
    const [one] = generate(m, tok, { prompt: 'ab', n: 1, seeds: [free[4].seed] }, { maxTokens: 8 });
    expect(one.tokens).toEqual(free[4].tokens);
    const batch = generateBatch(
      m,
      tok,
      [
        { prompt: 'a', n: 2, seed: 5 },
        { prompt: 'ab', n: 20, seed: 1 },
      ],
      { maxTokens: 8 },
    );
    expect(batch[1]).toEqual(free);
  });

  it('scores text and token ids: the logprobs the sampler reported are the teacher-forced ones', () => {
    const m = model();
    const [c] = generate(m, tok, { prompt: 'ba', n: 1, seed: 9 }, { maxTokens: 6, stopAtEos: false });
    const [s] = scoreContinuations(m, [{ prompt: tok.encode('ba', { addBos: true }), continuation: c.tokens }]);
    expect(c.logprobs).toHaveLength(6);
    c.logprobs.forEach((lp, j) => expect(s.logprobs[j]).toBeCloseTo(lp, 4));
    const t = scoreText(m, tok, 'ba', 'cab');
    expect(t.tokenTexts).toEqual(['c', 'a', 'b']);
    const [ids] = scoreContinuations(m, [{ prompt: tok.encode('ba', { addBos: true }), continuation: tok.encode('cab') }]);
    expect(t.logprobs).toEqual(Array.from(ids.logprobs));
    expect(t.totalLogprob).toBeCloseTo(
      t.logprobs.reduce((a, b) => a + b, 0),
      10,
    );
  });
});
