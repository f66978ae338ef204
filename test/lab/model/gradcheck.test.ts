import { describe, expect, it } from 'vitest';
import { createModel } from '../../../src/lab/model/gpt.js';
import { float64Engine } from '../../../src/lab/tensor/engine.js';
import { Rng } from '../../../src/lab/tensor/rng.js';
import { expectTensorGradientsMatchNumeric } from '../tensor/numeric-gradient.js';

// Full-model check: the hand-written backward of the whole GPT (embeddings, every block, tied
// head, value head) against central differences, for EVERY parameter entry, in float64.
describe('GPT backward vs finite differences (float64 reference mode)', () => {
  for (const positions of ['learned', 'rotary'] as const)
    it(`every parameter tensor of a 2-layer model with a value head, on a ragged batch (${positions} positions)`, () => {
      const model = createModel(
        { layers: 2, dModel: 8, heads: 2, context: 7, vocab: 6, mlpRatio: 2, valueHead: true, positions },
        { seed: 11, engine: float64Engine() },
      );
      // Large random weights (not the 0.02 init) so every path carries a sizeable gradient.
      const rng = new Rng(12);
      for (let i = 0; i < model.params.length; i++) model.params[i] = rng.normal() * 0.4;
      const batch = model.pack([[1, 4, 2, 2, 5], [0, 3, 1], [5, 5, 1, 0, 2, 4, 3], [2]]);
      const n = batch.batch * batch.width;
      const a = new Float64Array(n),
        b = new Float64Array(n),
        c = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        a[i] = rng.normal();
        b[i] = rng.normal();
        c[i] = rng.normal();
      }
      // L = Σ_valid a·logp + b·entropy + c·value (padding entries of the outputs are 0).
      const loss = (): number => {
        const out = model.forward(batch);
        let s = 0;
        for (let i = 0; i < n; i++) s += a[i] * out.logp[i] + b[i] * out.entropy[i] + c[i] * out.values[i];
        return s;
      };
      loss();
      model.zeroGrad();
      model.backward({ dLogp: a, dEntropy: b, dValues: c });
      const analytic = Float64Array.from(model.grads);
      const params = model.params as Float64Array;

      expectTensorGradientsMatchNumeric(loss, params, analytic, model.layout.specs, { eps: 1e-6, tol: 1e-7 });
    });

  it('padding does not change the outputs of the real tokens', () => {
    const model = createModel({ layers: 2, dModel: 8, heads: 2, context: 8, vocab: 6 }, { seed: 3, engine: float64Engine() });
    const alone = model.forward(model.pack([[1, 2, 3]]));
    const a = Array.from(alone.logp.subarray(0, 3));
    const padded = model.forward(
      model.pack([
        [1, 2, 3],
        [4, 4, 4, 4, 4, 4, 4, 4],
      ]),
    );
    const T = padded.batch.width;
    expect(Array.from(padded.logp.subarray(0, 3))).toEqual(a);
    for (let t = 3; t < T; t++) expect(padded.logp[t]).toBe(0);
  });

  it('backward rejects gradient arrays that do not cover the batch', () => {
    const model = createModel({ layers: 1, dModel: 8, heads: 2, context: 8, vocab: 6 }, { seed: 3 });
    expect(() => model.backward({ dLogp: new Float32Array(4) })).toThrow(/before forward/);
    model.forward(
      model.pack([
        [1, 2, 3],
        [4, 5],
      ]),
    );
    expect(() => model.backward({ dLogp: new Float32Array(4) })).toThrow(/B·T = 6/);
  });
});
