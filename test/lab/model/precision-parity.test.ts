import { describe, expect, it } from 'vitest';
import { GptModel, defaultEngine, float64Engine, parseGptConfig } from '../../../src/lab/model/index.js';
import { Rng } from '../../../src/lab/tensor/rng.js';
import { expectGradientsClose } from '../tensor/kernel-contract.js';

// The production path (float32 buffers, the selected backend, fast tanh/exp) against the float64
// reference on the same weights: outputs and gradients must agree to float32 accuracy.
describe('float32 engine vs float64 reference', () => {
  it('gives the same log-probs, entropies, values and gradients', () => {
    const config = parseGptConfig({ layers: 2, dModel: 32, heads: 4, context: 16, vocab: 11, valueHead: true });
    const f32 = new GptModel(config, defaultEngine()).init(3);
    const f64 = new GptModel(config, float64Engine());
    const rng = new Rng(4);
    for (let i = 0; i < f32.params.length; i++) f32.params[i] += rng.normal() * 0.1;
    f64.params.set(f32.params);
    const seqs = [
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2],
      [1, 4, 4],
      [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 10, 10, 10, 10, 10],
    ];
    const a = f32.forward(f32.pack(seqs));
    const b = f64.forward(f64.pack(seqs));
    const n = a.batch.batch * a.batch.width;
    for (let i = 0; i < n; i++) {
      expect(Math.abs(a.logp[i] - b.logp[i])).toBeLessThan(2e-4);
      expect(Math.abs(a.entropy[i] - b.entropy[i])).toBeLessThan(2e-4);
      expect(Math.abs(a.values[i] - b.values[i])).toBeLessThan(2e-4);
    }
    const g = new Float32Array(n).map(() => rng.normal());
    const h = new Float32Array(n).map(() => rng.normal());
    const v = new Float32Array(n).map(() => rng.normal());
    f32.zeroGrad();
    f64.zeroGrad();
    f32.backward({ dLogp: g, dEntropy: h, dValues: v });
    f64.backward({ dLogp: Float64Array.from(g), dEntropy: Float64Array.from(h), dValues: Float64Array.from(v) });
    expectGradientsClose(f32, f64, 1e-3);
  });
});
