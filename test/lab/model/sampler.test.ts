import { describe, expect, it } from 'vitest';
import {
  createModel,
  float32Engine,
  float64Engine,
  GptModel,
  referenceBackend,
  Sampler,
  type Engine,
  type PromptSamples,
} from '../../../src/lab/model/index.js';
import { Rng } from '../../../src/lab/tensor/rng.js';

const V = 9;
/** A random model with weights large enough that its distributions are far from uniform. */
function randomModel(seed = 1, positions: 'learned' | 'rotary' = 'learned', engine?: Engine): GptModel {
  const model = createModel({ layers: 2, dModel: 16, heads: 4, context: 24, vocab: V, positions }, { seed, engine });
  const rng = new Rng(seed + 100);
  for (let i = 0; i < model.params.length; i++) model.params[i] += rng.normal() * 0.3;
  return model;
}

function logSoftmax(x: ArrayLike<number>, offset: number, n: number): number[] {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, x[offset + j]);
  let s = 0;
  for (let j = 0; j < n; j++) s += Math.exp(x[offset + j] - max);
  const lse = max + Math.log(s);
  return Array.from({ length: n }, (_, j) => x[offset + j] - lse);
}

describe('KV-cache sampler', () => {
  // The default engine runs the wasm decode kernels; the reference backend and float64 mode run
  // their TypeScript reference (ops/decode-attention.ts) through the same sampler.
  const engines: Array<[string, () => Engine | undefined]> = [
    ['default engine', () => undefined],
    ['reference backend', () => float32Engine(referenceBackend)],
    ['float64', () => float64Engine()],
  ];
  for (const positions of ['learned', 'rotary'] as const)
    for (const [engineName, engine] of engines)
      it(`decoding with the cache gives the same next-token distributions as a full forward pass (${positions} positions, ${engineName})`, () => {
        const model = randomModel(1, positions, engine());
        const sampler = new Sampler(model);
        const requests: PromptSamples[] = [
          { prompt: [1, 3, 4, 5, 2], seeds: [1, 2, 3] },
          { prompt: [1], seeds: [4, 5] },
          { prompt: [1, 8, 8], seeds: [6] },
        ];
        const seen = new Map<string, number[]>();
        const out = sampler.sample(requests, { temperature: 1, maxTokens: 10 }, (g, i, step, logits, offset) => {
          seen.set(`${g}/${i}/${step}`, logSoftmax(logits, offset, V));
        });
        let compared = 0;
        requests.forEach((req, g) => {
          out[g].forEach((sample, i) => {
            const full = [...Array.from(req.prompt), ...Array.from(sample.tokens)];
            const res = model.forward(model.pack([full]));
            const probs = model.activations().probs;
            const P = req.prompt.length;
            for (let step = 0; step < sample.tokens.length; step++) {
              const fromCache = seen.get(`${g}/${i}/${step}`);
              expect(fromCache).toBeDefined();
              const row = P - 1 + step;
              for (let j = 0; j < V; j++) expect(fromCache![j]).toBeCloseTo(Math.log(probs[row * V + j]), 4);
              // The reported log-prob of the chosen token is the full-pass log-prob too.
              expect(sample.logprobs[step]).toBeCloseTo(res.logp[P + step], 4);
              compared++;
            }
          });
        });
        expect(compared).toBe(60);
      });

  it('is bit-for-bit reproducible, and sample i does not depend on what else is in the batch', () => {
    const model = randomModel(2);
    const params = { temperature: 1.3, topP: 0.95, maxTokens: 12 };
    const big = new Sampler(model).sample(
      [
        { prompt: [1, 2, 3], seeds: [10, 11, 12, 13, 14, 15, 16, 17] },
        { prompt: [1, 5], seeds: [20, 21, 22] },
      ],
      params,
    );
    const again = new Sampler(model).sample(
      [
        { prompt: [1, 2, 3], seeds: [10, 11, 12, 13, 14, 15, 16, 17] },
        { prompt: [1, 5], seeds: [20, 21, 22] },
      ],
      params,
    );
    expect(again).toEqual(big);
    const alone = new Sampler(model).sample([{ prompt: [1, 2, 3], seeds: [15] }], params);
    expect(Array.from(alone[0][0].tokens)).toEqual(Array.from(big[0][5].tokens));
    expect(Array.from(alone[0][0].logprobs)).toEqual(Array.from(big[0][5].logprobs));
    const otherOrder = new Sampler(model).sample(
      [
        { prompt: [1, 5], seeds: [22] },
        { prompt: [1, 2, 3], seeds: [12] },
      ],
      params,
    );
    expect(Array.from(otherOrder[0][0].tokens)).toEqual(Array.from(big[1][2].tokens));
    expect(Array.from(otherOrder[1][0].tokens)).toEqual(Array.from(big[0][2].tokens));
    // Different seeds do give different samples.
    const distinct = new Set(big[0].map((s) => Array.from(s.tokens).join(',')));
    expect(distinct.size).toBeGreaterThan(3);
  });

  it('300 samples of one prompt share its prefix; splitting into chunks of maxRows changes nothing', () => {
    const model = randomModel(6);
    const seeds = Array.from({ length: 300 }, (_, i) => 1000 + i);
    const requests: PromptSamples[] = [
      { prompt: [1, 2, 3, 4, 5, 6], seeds },
      { prompt: [1, 7], seeds: [5, 6, 7] },
    ];
    const params = { temperature: 1, maxTokens: 10 };
    const whole = new Sampler(model, 512).sample(requests, params);
    const chunked = new Sampler(model, 64).sample(requests, params);
    expect(whole[0]).toHaveLength(300);
    expect(chunked).toEqual(whole);
    // The hook sees sample indices of the original request even across chunks.
    const seen = new Set<string>();
    new Sampler(model, 100).sample(requests, { ...params, maxTokens: 1 }, (g, i) => seen.add(`${g}/${i}`));
    expect(seen.size).toBe(303);
    expect(seen.has('0/299')).toBe(true);
    expect(seen.has('1/2')).toBe(true);
  });

  it('greedy decoding (temperature 0, or top-k 1) follows the argmax of the full forward pass', () => {
    const model = randomModel(3);
    const sampler = new Sampler(model);
    const [[a, b]] = sampler.sample([{ prompt: [1, 4], seeds: [1, 2] }], { temperature: 0, maxTokens: 8 });
    expect(Array.from(a.tokens)).toEqual(Array.from(b.tokens));
    const [[k1]] = sampler.sample([{ prompt: [1, 4], seeds: [99] }], { temperature: 1, topK: 1, maxTokens: 8 });
    expect(Array.from(k1.tokens)).toEqual(Array.from(a.tokens));
    const seq = [1, 4, ...Array.from(a.tokens)];
    model.forward(model.pack([seq]));
    const probs = model.activations().probs;
    for (let step = 0; step < a.tokens.length; step++) {
      const row = 1 + step;
      let best = 0;
      for (let j = 1; j < V; j++) if (probs[row * V + j] > probs[row * V + best]) best = j;
      expect(a.tokens[step]).toBe(best);
    }
  });

  it('top-k and top-p restrict the support', () => {
    const model = randomModel(4);
    const sampler = new Sampler(model);
    const seeds = Array.from({ length: 64 }, (_, i) => i);
    const [samples] = sampler.sample([{ prompt: [1], seeds }], { temperature: 3, topK: 2, maxTokens: 1 });
    model.forward(model.pack([[1]]));
    const probs = Array.from(model.activations().probs.subarray(0, V));
    const top2 = probs
      .map((p, j) => [p, j])
      .sort((x, y) => y[0] - x[0])
      .slice(0, 2)
      .map(([, j]) => j);
    const firsts = new Set(samples.map((s) => s.tokens[0]));
    for (const t of firsts) expect(top2).toContain(t);
    expect(firsts.size).toBe(2);
    const [nucleus] = sampler.sample([{ prompt: [1], seeds }], { temperature: 1, topP: 1e-6, maxTokens: 1 });
    expect(new Set(nucleus.map((s) => s.tokens[0]))).toEqual(new Set([top2[0]]));
  });

  it('stops at stop tokens and stop sequences, respects maxTokens and the context', () => {
    const model = randomModel(5);
    const sampler = new Sampler(model);
    const seeds = Array.from({ length: 40 }, (_, i) => i);
    const [free] = sampler.sample([{ prompt: [1, 2], seeds }], { temperature: 1, maxTokens: 6 });
    for (const s of free) {
      expect(s.finishReason).toBe('length');
      expect(s.tokens.length).toBe(6);
    }
    // Pick a token that does occur and make it a stop token: samples end right after it.
    const stopTok = free[0].tokens[2];
    const [stopped] = sampler.sample([{ prompt: [1, 2], seeds }], { temperature: 1, maxTokens: 6, stopTokens: [stopTok] });
    stopped.forEach((s, i) => {
      const first = Array.from(free[i].tokens).indexOf(stopTok);
      if (first >= 0) {
        expect(s.finishReason).toBe('stop');
        expect(s.stopLength).toBe(1);
        expect(Array.from(s.tokens)).toEqual(Array.from(free[i].tokens.subarray(0, first + 1)));
      } else expect(Array.from(s.tokens)).toEqual(Array.from(free[i].tokens));
    });
    const seq = Array.from(free[3].tokens.subarray(1, 3));
    const [bySeq] = sampler.sample([{ prompt: [1, 2], seeds: [3] }], { temperature: 1, maxTokens: 6, stopSequences: [seq] });
    expect(bySeq[0].finishReason).toBe('stop');
    expect(bySeq[0].stopLength).toBe(2);
    expect(Array.from(bySeq[0].tokens).slice(-2)).toEqual(seq);
    // A prompt near the end of the context can only grow to the context length.
    const long = Array.from({ length: 22 }, (_, i) => 1 + (i % 8));
    const [[capped]] = sampler.sample([{ prompt: long, seeds: [1] }], { temperature: 1, maxTokens: 50 });
    expect(capped.tokens.length).toBe(2);
    expect(capped.finishReason).toBe('length');
  });

  it('a reused sampler samples with the current weights (its pre-packed copies are refreshed every call)', () => {
    const model = randomModel(8);
    const sampler = new Sampler(model);
    const req = [{ prompt: [1, 2, 3], seeds: [1, 2, 3, 4] }];
    const params = { temperature: 1, maxTokens: 12 };
    const before = sampler.sample(req, params);
    const rng = new Rng(9);
    for (let i = 0; i < model.params.length; i++) model.params[i] += rng.normal() * 0.3;
    const after = sampler.sample(req, params);
    expect(after).toEqual(new Sampler(model).sample(req, params));
    expect(after).not.toEqual(before);
  });

  it('sampling between a forward pass and its backward does not disturb the gradients', () => {
    const model = randomModel(7);
    const batch = model.pack([
      [1, 2, 3, 4],
      [1, 5, 6],
    ]);
    const dLogp = new Float32Array(batch.batch * batch.width).fill(-1);
    model.zeroGrad();
    model.forward(batch);
    model.backward({ dLogp });
    const clean = Float32Array.from(model.grads);
    model.zeroGrad();
    model.forward(batch);
    new Sampler(model).sample([{ prompt: [1, 8, 8, 8, 8, 8, 8], seeds: [1, 2] }], { maxTokens: 5 });
    model.backward({ dLogp });
    expect(Array.from(model.grads)).toEqual(Array.from(clean));
  });

  it('rejects bad prompts with errors naming the field', () => {
    const sampler = new Sampler(randomModel());
    expect(() => sampler.sample([{ prompt: [], seeds: [1] }], { maxTokens: 3 })).toThrow(/requests\[0\]\.prompt/);
    expect(() => sampler.sample([{ prompt: [1, 99], seeds: [1] }], { maxTokens: 3 })).toThrow(/outside the vocabulary/);
    expect(() => sampler.sample([{ prompt: [1], seeds: [1] }], { maxTokens: 3, topP: 0 })).toThrow(/topP/);
    expect(() =>
      sampler.sample(
        [
          { prompt: [1], seeds: [1] },
          { prompt: [1], seeds: [2, Number.NaN] },
        ],
        { maxTokens: 3 },
      ),
    ).toThrow(/requests\[1\]\.seeds\[1\]/);
  });
});

describe('scoreContinuations', () => {
  it('returns scores in the caller order whatever the batching, equal to one-at-a-time scoring', async () => {
    const { scoreContinuations } = await import('../../../src/lab/model/index.js');
    const model = randomModel(8);
    const rng = new Rng(9);
    const items = Array.from({ length: 23 }, (_, i) => ({
      prompt: [1, ...Array.from({ length: i % 5 }, () => 1 + rng.int(V - 1))],
      continuation: Array.from({ length: 1 + ((i * 7) % 11) }, () => rng.int(V)),
    }));
    const batched = scoreContinuations(model, items, { batchSize: 4 });
    items.forEach((it, i) => {
      const [alone] = scoreContinuations(model, [it]);
      expect(batched[i].logprobs.length).toBe(it.continuation.length);
      for (let j = 0; j < it.continuation.length; j++) {
        expect(batched[i].logprobs[j]).toBeCloseTo(alone.logprobs[j], 5);
        expect(batched[i].entropies[j]).toBeCloseTo(alone.entropies[j], 5);
      }
      expect(batched[i].totalLogprob).toBeCloseTo(alone.totalLogprob, 4);
    });
    expect(() => scoreContinuations(model, [{ prompt: [], continuation: [1] }])).toThrow(/items\[0\]\.prompt/);
  });
});
