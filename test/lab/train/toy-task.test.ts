import { describe, expect, it } from 'vitest';
import { CharTokenizer, createModel, generate } from '../../../src/lab/model/index.js';
import { Rng } from '../../../src/lab/tensor/rng.js';
import { AdamW, responseMask, trainStep, warmupCosineLr, weightedNll } from '../../../src/lab/train/index.js';

// Toy task: reverse a 4-letter word. "<bos>abcd=" → "dcba<eos>". Needs attention (each output
// position must look up a different input position), so it exercises the whole model.
const tok = CharTokenizer.withDefaultSpecials('abcdef=');
function example(rng: Rng): { prompt: number[]; full: number[]; word: string } {
  let word = '';
  for (let i = 0; i < 4; i++) word += 'abcdef'[rng.int(6)];
  const prompt = tok.encode(`${word}=`, { addBos: true });
  const answer = [...tok.encode([...word].reverse().join('')), tok.eos];
  return { prompt, full: [...prompt, ...answer], word };
}

describe('training end to end', () => {
  it('a tiny GPT learns to reverse words to near-zero loss, then solves held-out words greedily', () => {
    const model = createModel({ layers: 2, dModel: 32, heads: 4, context: 12, vocab: tok.vocabSize }, { seed: 0 });
    const opt = new AdamW(model, { beta1: 0.9, beta2: 0.95, weightDecay: 0.01 });
    const rng = new Rng(1);
    const steps = 150;
    let last = Infinity;
    for (let step = 0; step < steps; step++) {
      const ex = Array.from({ length: 32 }, () => example(rng));
      const batch = model.pack(ex.map((e) => e.full));
      const mask = responseMask(
        batch,
        ex.map((e) => e.prompt.length),
      );
      const lr = warmupCosineLr({ peakLr: 1e-2, warmupSteps: 20, totalSteps: steps }, step);
      last = trainStep(model, opt, [batch], (out) => weightedNll(out, mask), { lr, maxGradNorm: 1 }).loss;
    }
    expect(last).toBeLessThan(0.05);
    const test = new Rng(999);
    let solved = 0;
    for (let i = 0; i < 20; i++) {
      const { word } = example(test);
      const [c] = generate(model, tok, { prompt: `${word}=`, n: 1 }, { temperature: 0, maxTokens: 8 });
      if (c.text === [...word].reverse().join('') && c.finishReason === 'stop') solved++;
    }
    expect(solved).toBeGreaterThanOrEqual(19);
  });

  it('two runs with the same seed produce bit-identical weights', () => {
    const run = (): Float32Array => {
      const model = createModel({ layers: 1, dModel: 16, heads: 2, context: 12, vocab: tok.vocabSize }, { seed: 7 });
      const opt = new AdamW(model, { weightDecay: 0.01 });
      const rng = new Rng(3);
      for (let step = 0; step < 5; step++) {
        const ex = Array.from({ length: 8 }, () => example(rng));
        const batch = model.pack(ex.map((e) => e.full));
        const mask = responseMask(
          batch,
          ex.map((e) => e.prompt.length),
        );
        trainStep(model, opt, [batch], (out) => weightedNll(out, mask), { lr: 1e-2, maxGradNorm: 1 });
      }
      return Float32Array.from(model.params);
    };
    const a = run();
    const b = run();
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
  });
});
