import { describe, expect, it } from 'vitest';
import { createModel } from '../../../src/lab/model/index.js';
import { AdamW, clipGradNorm, gradNorm, warmupCosineLr } from '../../../src/lab/train/index.js';

describe('AdamW', () => {
  it('matches the PyTorch AdamW update rule, with decay only on matrices', () => {
    const model = createModel({ layers: 1, dModel: 4, heads: 1, context: 4, vocab: 5 }, { seed: 1 });
    const before = Float64Array.from(model.params);
    const opt = new AdamW(model, { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 });
    const g1 = model.params.map((_, i) => Math.sin(i + 1));
    const g2 = model.params.map((_, i) => Math.cos(3 * i));
    const lr = 0.01;
    // Scalar reference, written from the PyTorch documentation.
    const expected = Float64Array.from(before);
    const m = new Float64Array(before.length),
      v = new Float64Array(before.length);
    const decayAt = new Uint8Array(before.length);
    for (const s of model.layout.specs) if (s.decay) decayAt.fill(1, s.offset, s.offset + s.size);
    [g1, g2].forEach((g, k) => {
      const t = k + 1;
      for (let i = 0; i < expected.length; i++) {
        if (decayAt[i]) expected[i] *= 1 - lr * 0.1;
        m[i] = 0.9 * m[i] + 0.1 * g[i];
        v[i] = 0.95 * v[i] + 0.05 * g[i] * g[i];
        const mhat = m[i] / (1 - 0.9 ** t),
          vhat = v[i] / (1 - 0.95 ** t);
        expected[i] -= (lr * mhat) / (Math.sqrt(vhat) + 1e-8);
      }
      model.grads.set(g);
      opt.step(lr);
    });
    for (let i = 0; i < expected.length; i++) expect(model.params[i]).toBeCloseTo(expected[i], 6);
    expect(opt.t).toBe(2);
    // Layer-norm gains (1 at init, no decay) moved only by the Adam term.
    const lnGain = model.layout.specs.find((s) => s.name === 'h.0.ln_1.weight')!;
    expect(lnGain.decay).toBe(false);
    expect(model.layout.specs.find((s) => s.name === 'wte.weight')!.decay).toBe(true);
  });
});

describe('gradient clipping', () => {
  it('scales the global norm down to the limit and leaves small gradients alone', () => {
    const g = new Float32Array([3, 4, 0, 0]);
    expect(clipGradNorm(g, 1)).toBeCloseTo(5, 6);
    expect(gradNorm(g)).toBeCloseTo(1, 5);
    expect(g[0] / g[1]).toBeCloseTo(0.75, 6);
    const small = new Float32Array([0.1, 0.2]);
    clipGradNorm(small, 1);
    expect(Array.from(small)).toEqual([Math.fround(0.1), Math.fround(0.2)]);
  });
});

describe('warm-up + cosine schedule', () => {
  it('rises linearly, peaks, and decays by a half cosine to the floor', () => {
    const s = { peakLr: 3e-3, warmupSteps: 100, totalSteps: 1500, minLrRatio: 0.1 };
    expect(warmupCosineLr(s, 0)).toBeCloseTo(3e-5, 12);
    expect(warmupCosineLr(s, 49)).toBeCloseTo(1.5e-3, 12);
    expect(warmupCosineLr(s, 99)).toBeCloseTo(3e-3, 12);
    expect(warmupCosineLr(s, 100)).toBeCloseTo(3e-3, 12);
    expect(warmupCosineLr(s, 100 + 1399 / 2)).toBeCloseTo(3e-4 + 0.5 * 2.7e-3, 9);
    expect(warmupCosineLr(s, 1499)).toBeCloseTo(3e-4, 12);
    expect(warmupCosineLr(s, 5000)).toBeCloseTo(3e-4, 12);
    for (let t = 101; t < 1500; t++) expect(warmupCosineLr(s, t)).toBeLessThanOrEqual(warmupCosineLr(s, t - 1));
  });
});
