// The lab GPT against PyTorch: test/lab/model/fixtures/pytorch-parity.safetensors holds the logits,
// the loss and every parameter gradient of a tiny GPT computed by PyTorch 2.13 (bench/pytorch_parity.py,
// which documents the architecture, the weight rule and the batch). The read-this-first reference
// and the production model (float32, on the TypeScript and the wasm SIMD backends) must reproduce
// them; the OpenBLAS backend is tied to the reference in reference-gpt.test.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GptModel, decodeSafetensors, float32Engine, paramLayout, parseGptConfig, referenceBackend, type GptConfig } from '../../../src/lab/model/index.js';
import { referenceBackward, referenceForward } from '../../../src/lab/model/reference-gpt.js';
import { getBackend } from '../../../src/lab/tensor/select-backend.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'pytorch-parity.safetensors');

/**
 * Float32 tolerances (PyTorch's float32 against float64 or float32 TypeScript), ≈ 10× the worst
 * difference measured — logits 9.4e-7 (reference), log-softmax 1.3e-6 (wasm), loss 3.5e-7,
 * gradients 2.0e-6 of a tensor's largest entry (wasm) — and far below what a wrong architecture
 * moves the logits by (the fixture records two such shifts: exact-erf GELU 8.9e-4, LayerNorm eps
 * 1e-6 instead of 1e-5 1.9e-4).
 */
const LOGIT_TOL = 2e-5;
const LOSS_TOL = 5e-6;
/** Per parameter tensor: max |ours − PyTorch| / max |PyTorch|. */
const GRAD_TOL = 2e-5;

const metadataSchema = z.object({
  config: z.string(),
  sequences: z.string(),
  torch: z.string(),
  logit_shift_of_mistakes: z.string(),
});

interface Fixture {
  config: GptConfig;
  sequences: number[][];
  torch: string;
  mistakeShifts: Record<string, number>;
  tensor(name: string): { shape: number[]; data: Float32Array };
}

function loadFixture(): Fixture {
  const decoded = decodeSafetensors(readFileSync(FIXTURE), FIXTURE);
  const meta = metadataSchema.parse(decoded.metadata);
  return {
    config: parseGptConfig(JSON.parse(meta.config)),
    sequences: z.array(z.array(z.number().int().min(0))).parse(JSON.parse(meta.sequences)),
    torch: meta.torch,
    mistakeShifts: z.record(z.string(), z.number()).parse(JSON.parse(meta.logit_shift_of_mistakes)),
    tensor(name) {
      const t = decoded.tensors.get(name);
      if (t === undefined) throw new Error(`fixture has no tensor ${name}`);
      return t;
    },
  };
}

/** The weight rule of bench/pytorch_parity.py, parameter k of the flat layout, rounded to float32. */
function ruleWeights(config: GptConfig): Float32Array {
  const out = new Float32Array(paramLayout(config).total);
  for (const spec of paramLayout(config).specs) {
    const isNorm = spec.name.includes('.ln_') || spec.name.startsWith('ln_f');
    for (let i = 0; i < spec.size; i++) {
      const k = spec.offset + i;
      const u = (((k + 1) * 2654435761) % 4294967296) / 4294967296 - 0.5;
      out[k] = isNorm && spec.name.endsWith('.weight') ? 1 + 0.4 * u : spec.name.endsWith('.bias') ? 0.2 * u : 0.6 * u;
    }
  }
  return out;
}

/** Mean cross-entropy over the real next tokens, as token-aligned dL/dlogp (−1/count each). */
function meanNllGradients(sequences: number[][]): { count: number; dLogp: number[][] } {
  const count = sequences.reduce((a, s) => a + s.length - 1, 0);
  return { count, dLogp: sequences.map((s) => s.map((_, t) => (t === 0 ? 0 : -1 / count))) };
}

function expectGradientsMatchFixture(fx: Fixture, grads: ArrayLike<number>, what: string): number {
  let worst = 0;
  const specs = paramLayout(fx.config).specs;
  expect(specs.length, 'a gradient tensor for every parameter tensor').toBe(2 + 12 * fx.config.layers + 2);
  for (const spec of specs) {
    const want = fx.tensor(`grad.${spec.name}`);
    expect(want.shape, spec.name).toEqual(spec.shape);
    let largest = 0;
    let err = 0;
    for (let i = 0; i < spec.size; i++) {
      largest = Math.max(largest, Math.abs(want.data[i]));
      err = Math.max(err, Math.abs(grads[spec.offset + i] - want.data[i]));
    }
    expect(largest, `${spec.name}: PyTorch's gradient should not vanish`).toBeGreaterThan(1e-4);
    expect(err / largest, `${what}: gradient of ${spec.name}`).toBeLessThan(GRAD_TOL);
    worst = Math.max(worst, err / largest);
  }
  return worst;
}

describe('the lab GPT against PyTorch (checked-in fixture)', () => {
  const fx = loadFixture();
  const weights = ruleWeights(fx.config);
  const { count, dLogp } = meanNllGradients(fx.sequences);
  const logits = fx.tensor('logits');
  const [B, T, V] = logits.shape;

  it('was made by PyTorch 2.13 on the tiny config the fixture names, and the tolerance is far below an architecture mistake', () => {
    expect(fx.torch).toMatch(/^2\.13\./);
    expect(fx.config).toMatchObject({ layers: 2, dModel: 16, heads: 4, vocab: 20, positions: 'learned', valueHead: false });
    expect([B, T, V]).toEqual([fx.sequences.length, Math.max(...fx.sequences.map((s) => s.length)), fx.config.vocab]);
    expect(Object.keys(fx.mistakeShifts).length).toBeGreaterThan(0);
    for (const [mistake, shift] of Object.entries(fx.mistakeShifts)) expect(shift, mistake).toBeGreaterThan(5 * LOGIT_TOL);
  });

  it('the reference GPT: logits of every real position, the loss and every gradient', () => {
    const pass = referenceForward(fx.config, weights, fx.sequences);
    expect(pass.logits.map((l) => l.length)).toEqual(fx.sequences.map((s) => s.length));
    let worst = 0;
    fx.sequences.forEach((s, b) => {
      for (let t = 0; t < s.length; t++) for (let v = 0; v < V; v++) worst = Math.max(worst, Math.abs(pass.logits[b][t][v] - logits.data[(b * T + t) * V + v]));
    });
    expect(worst, 'logits').toBeLessThan(LOGIT_TOL);
    const loss = -pass.logp.flat().reduce((a, x) => a + x, 0) / count;
    expect(Math.abs(loss - fx.tensor('loss').data[0]), 'loss').toBeLessThan(LOSS_TOL);
    expectGradientsMatchFixture(fx, referenceBackward(pass, { dLogp }), 'reference');
  });

  for (const [name, backend] of [
    ['TypeScript', () => referenceBackend],
    ['wasm SIMD', () => getBackend('wasm')],
  ] as const)
    it(`the production model, float32 on the ${name} backend: log-softmax of every real position, the loss and every gradient`, () => {
      const model = new GptModel(fx.config, float32Engine(backend()));
      model.params.set(weights);
      const batch = model.pack(fx.sequences);
      expect(batch.width).toBe(T);
      const out = model.forward(batch);
      const probs = model.activations().probs;
      let worst = 0;
      let sumLogp = 0;
      fx.sequences.forEach((s, b) => {
        for (let t = 0; t < s.length; t++) {
          // The model keeps probabilities, not logits: compare log-softmax rows (logits up to a constant).
          const row = logits.data.subarray((b * T + t) * V, (b * T + t + 1) * V);
          const max = Math.max(...row);
          const lse = max + Math.log(row.reduce((a, z) => a + Math.exp(z - max), 0));
          for (let v = 0; v < V; v++) worst = Math.max(worst, Math.abs(Math.log(probs[(b * T + t) * V + v]) - (row[v] - lse)));
          if (t > 0) sumLogp += out.logp[b * T + t];
        }
      });
      expect(worst, 'log-softmax').toBeLessThan(LOGIT_TOL);
      expect(Math.abs(-sumLogp / count - fx.tensor('loss').data[0]), 'loss').toBeLessThan(LOSS_TOL);
      const d = model.tokenBuffer(batch);
      dLogp.forEach((row, b) => row.forEach((g, t) => (d[b * T + t] = g)));
      model.zeroGrad();
      model.backward({ dLogp: d });
      expectGradientsMatchFixture(fx, model.grads, name);
      model.dispose();
    });
});
