// Compares a production model's forward and backward pass (any engine, any backend) with the
// read-this-first reference (src/lab/model/reference-gpt.ts) on the same weights and sequences.
import { expect } from 'vitest';
import type { GptModel } from '../../../src/lab/model/gpt.js';
import { referenceBackward, referenceForward, type ReferenceOutputGradients } from '../../../src/lab/model/reference-gpt.js';

/** How far the model may be from the reference: absolute for outputs, relative per tensor for gradients. */
export interface ReferenceTolerance {
  /** log p of each token, entropies and values. */
  outputs: number;
  /** Every entry of every next-token distribution (probabilities). */
  probs: number;
  /** Per parameter tensor: max |model − reference| / max |reference|. */
  grads: number;
}

export interface ReferenceComparison {
  worstOutput: number;
  worstProb: number;
  /** Worst relative gradient error and the tensor where it is. */
  worstGrad: number;
  worstGradTensor: string;
}

/**
 * Runs `model` and the reference on `sequences` with the output gradients `dOut` (token-aligned per
 * sequence: log-prob, entropy and, if the model has a value head, value gradients) and checks that
 * every output, every probability of every next-token distribution and every gradient tensor agree.
 */
export function expectMatchesReference(
  model: GptModel,
  sequences: number[][],
  dOut: ReferenceOutputGradients,
  tol: ReferenceTolerance,
  what: string,
): ReferenceComparison {
  const ref = referenceForward(model.config, model.params, sequences);
  const batch = model.pack(sequences);
  const out = model.forward(batch);
  const T = batch.width;
  const V = model.config.vocab;
  const probs = model.activations().probs;
  let worstOutput = 0;
  let worstProb = 0;
  expect(
    ref.logp.map((l) => l.length),
    `${what}: reference lengths`,
  ).toEqual(sequences.map((s) => s.length));
  sequences.forEach((seq, b) => {
    for (let t = 1; t < seq.length; t++) {
      const i = b * T + t;
      worstOutput = Math.max(
        worstOutput,
        Math.abs(out.logp[i] - ref.logp[b][t]),
        Math.abs(out.entropy[i] - ref.entropy[b][t]),
        Math.abs(out.values[i] - ref.values[b][t]),
      );
    }
    // Row (b, t) of the model's head holds softmax(logits) of position t: compare whole distributions.
    for (let t = 0; t < seq.length; t++) {
      const logits = ref.logits[b][t];
      const max = Math.max(...logits);
      const sum = logits.reduce((a, z) => a + Math.exp(z - max), 0);
      for (let v = 0; v < V; v++) worstProb = Math.max(worstProb, Math.abs(probs[(b * T + t) * V + v] - Math.exp(logits[v] - max) / sum));
    }
  });
  expect(worstOutput, `${what}: log-probs, entropies, values`).toBeLessThan(tol.outputs);
  expect(worstProb, `${what}: next-token probabilities`).toBeLessThan(tol.probs);

  const flat = (rows: number[][] | undefined): Float64Array | null => {
    if (rows === undefined) return null;
    const a = new Float64Array(batch.batch * T);
    rows.forEach((r, b) => r.forEach((v, t) => (a[b * T + t] = v)));
    return a;
  };
  const dLogp = flat(dOut.dLogp);
  const dEntropy = flat(dOut.dEntropy);
  const dValues = flat(dOut.dValues);
  const cast = (a: Float64Array | null): Float32Array | Float64Array | null => (a === null || model.engine.precision === 'float64' ? a : Float32Array.from(a));
  model.zeroGrad();
  model.backward({ dLogp: cast(dLogp), dEntropy: cast(dEntropy), dValues: cast(dValues) });
  const refGrads = referenceBackward(ref, dOut);
  expect(refGrads.length).toBe(model.grads.length);
  let worstGrad = 0;
  let worstGradTensor = '';
  for (const spec of model.layout.specs) {
    let largest = 0;
    let err = 0;
    for (let i = spec.offset; i < spec.offset + spec.size; i++) {
      largest = Math.max(largest, Math.abs(refGrads[i]));
      err = Math.max(err, Math.abs(model.grads[i] - refGrads[i]));
    }
    expect(largest, `${what}: ${spec.name} gradient should not vanish`).toBeGreaterThan(1e-4);
    const rel = err / largest;
    expect(rel, `${what}: gradient of ${spec.name}`).toBeLessThan(tol.grads);
    if (rel > worstGrad) [worstGrad, worstGradTensor] = [rel, spec.name];
  }
  return { worstOutput, worstProb, worstGrad, worstGradTensor };
}
