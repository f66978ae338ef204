// The read-this-first GPT (src/lab/model/reference-gpt.ts) as the oracle of every fast path: first
// the reference itself against central finite differences, then the production model on each
// engine — float64 mode, float32 on the plain-TypeScript backend, on the wasm SIMD backend, and on
// the OpenBLAS addon (built here from the project's C source, as the other OpenBLAS tests do) —
// against the reference on the same weights: every output, every next-token probability, every
// gradient tensor, with learned and rotary positions and a value head, on a ragged batch.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GptModel, float32Engine, float64Engine, parseGptConfig, referenceBackend, type Engine } from '../../../src/lab/model/index.js';
import { referenceBackward, referenceForward, type ReferenceOutputGradients } from '../../../src/lab/model/reference-gpt.js';
import { createOpenblasBackend } from '../../../src/lab/tensor/openblas/openblas-backend.js';
import { Rng } from '../../../src/lab/tensor/rng.js';
import { getBackend } from '../../../src/lab/tensor/select-backend.js';
import { repoRoot } from '../../helpers/cli.js';
import { expectTensorGradientsMatchNumeric } from '../tensor/numeric-gradient.js';
import { expectMatchesReference, type ReferenceTolerance } from './reference-compare.js';

const SEQUENCES = [[1, 4, 2, 2, 5, 0, 3, 6], [0, 3, 1], [5, 5, 1, 0, 2, 4, 3, 3, 1], [2]];

/** Random output gradients (log-prob, entropy and value) for each token of each sequence. */
function outputGradients(rng: Rng, sequences: number[][]): ReferenceOutputGradients {
  const draw = (): number[][] => sequences.map((s) => s.map(() => rng.normal()));
  return { dLogp: draw(), dEntropy: draw(), dValues: draw() };
}

/** Weights far from the 0.02 init, so every path carries a sizeable signal. */
function randomise(model: GptModel, seed: number, scale: number): void {
  const rng = new Rng(seed);
  for (let i = 0; i < model.params.length; i++) model.params[i] = rng.normal() * scale;
}

describe('the reference GPT against finite differences', () => {
  for (const positions of ['learned', 'rotary'] as const)
    it(`every parameter's gradient of a 2-layer model with a value head (${positions} positions)`, () => {
      const config = parseGptConfig({ layers: 2, dModel: 8, heads: 2, context: 6, vocab: 5, mlpRatio: 2, valueHead: true, positions });
      const holder = new GptModel(config, float64Engine());
      randomise(holder, 21, 0.4);
      const params = holder.params as Float64Array;
      const sequences = [
        [1, 4, 2, 0, 3, 3],
        [0, 3, 1],
      ];
      const dOut = outputGradients(new Rng(22), sequences);
      // L = Σ over real tokens of a·logp + b·entropy + c·value.
      const loss = (): number => {
        const pass = referenceForward(config, params, sequences);
        let s = 0;
        sequences.forEach((seq, b) => {
          for (let t = 1; t < seq.length; t++)
            s += dOut.dLogp[b][t] * pass.logp[b][t] + dOut.dEntropy![b][t] * pass.entropy[b][t] + dOut.dValues![b][t] * pass.values[b][t];
        });
        return s;
      };
      const analytic = referenceBackward(referenceForward(config, params, sequences), dOut);
      expect(analytic.length).toBe(params.length);
      expectTensorGradientsMatchNumeric(loss, params, analytic, holder.layout.specs, { eps: 1e-5, tol: 1e-7 });
    });

  it('refuses sequences that are empty or longer than the context', () => {
    const config = parseGptConfig({ layers: 1, dModel: 4, heads: 1, context: 3, vocab: 4 });
    const params = new Float64Array(new GptModel(config, float64Engine()).numParams);
    expect(() => referenceForward(config, params, [[]])).toThrow(RangeError);
    expect(() => referenceForward(config, params, [[1, 2, 3, 0]])).toThrow(/1\.\.3 tokens/);
  });
});

let blasDir: string;
const FLOAT32: ReferenceTolerance = { outputs: 2e-6, probs: 5e-7, grads: 2e-5 };
const engines: { name: string; engine: () => Engine; tol: ReferenceTolerance }[] = [
  // Bounds ≈ 10× what was measured (docs/lab-engine.md §1). float64 mode runs the production code
  // with Math.tanh but the softmaxes' fastExpNeg (1e-8 relative): measured ≤ 1.9e-9 / 1.2e-9 / 4.1e-9.
  { name: 'float64 mode', engine: () => float64Engine(), tol: { outputs: 2e-8, probs: 2e-8, grads: 5e-8 } },
  // float32 storage: measured ≤ 2.1e-7 (outputs), 4.4e-8 (probabilities), 1.4e-6 (gradients) on every backend.
  { name: 'float32, TypeScript backend', engine: () => float32Engine(referenceBackend), tol: FLOAT32 },
  { name: 'float32, wasm SIMD backend', engine: () => float32Engine(getBackend('wasm')), tol: FLOAT32 },
  {
    name: 'float32, OpenBLAS backend',
    engine: () => float32Engine(createOpenblasBackend({ addonFile: path.join(blasDir, 'rlbound_openblas.node'), wasmFile: path.join(blasDir, 'sgemm.wasm') })),
    tol: FLOAT32,
  },
];

beforeAll(() => {
  blasDir = mkdtempSync(path.join(os.tmpdir(), 'rlbound-reference-gpt-'));
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-openblas.mjs'), '--out', path.join(blasDir, 'rlbound_openblas.node')], {
    stdio: 'pipe',
  });
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-wasm.mjs'), '--out', path.join(blasDir, 'sgemm.wasm')], { stdio: 'pipe' });
});
afterAll(() => rmSync(blasDir, { recursive: true, force: true }));

describe('every fast path against the reference GPT', () => {
  for (const { name, engine, tol } of engines)
    for (const positions of ['learned', 'rotary'] as const)
      it(`${name}, ${positions} positions: log-probs, entropies, values, every distribution and every gradient tensor`, () => {
        const config = parseGptConfig({ layers: 2, dModel: 16, heads: 4, context: 9, vocab: 7, valueHead: true, positions });
        const model = new GptModel(config, engine());
        randomise(model, 31, 0.3);
        const r = expectMatchesReference(model, SEQUENCES, outputGradients(new Rng(32), SEQUENCES), tol, `${name}/${positions}`);
        // The comparison must have had something to compare.
        expect(r.worstGradTensor).not.toBe('');
        model.dispose();
      });
});
