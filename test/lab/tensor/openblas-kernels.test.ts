// The OpenBLAS backend's non-matmul kernels (src/lab/tensor/openblas/kernels.c, attention.c)
// against their plain-TypeScript references, on odd sizes and ragged batches; and a whole model on
// the backend against the float64 reference. Like backends-openblas.test.ts it builds the addon
// from the project's C source against the system OpenBLAS (CI installs libopenblas-dev).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GptModel, Sampler, float32Engine, float64Engine, parseGptConfig, referenceBackend } from '../../../src/lab/model/index.js';
import { attentionBackward, attentionForward } from '../../../src/lab/model/attention.js';
import type { AttentionShape } from '../../../src/lab/tensor/attention-kernels.js';
import { accumulateColumnSums, rowsPlusBias } from '../../../src/lab/tensor/ops/bias.js';
import { layerNormBackward, layerNormForward } from '../../../src/lab/tensor/ops/layer-norm.js';
import { createOpenblasBackend, type OpenblasBackend } from '../../../src/lab/tensor/openblas/openblas-backend.js';
import { Rng } from '../../../src/lab/tensor/rng.js';
import { AdamW } from '../../../src/lab/train/index.js';
import { repoRoot } from '../../helpers/cli.js';
import { put, randomFloats, scaled, worstRel } from './backends-oracle.js';
import { expectGeluMatchesReference, expectGradientsClose } from './kernel-contract.js';

let dir: string;
let blas: OpenblasBackend;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'rlbound-openblas-kernels-'));
  const addonFile = path.join(dir, 'rlbound_openblas.node');
  const wasmFile = path.join(dir, 'sgemm.wasm');
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-openblas.mjs'), '--out', addonFile], { stdio: 'pipe' });
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-wasm.mjs'), '--out', wasmFile], { stdio: 'pipe' });
  blas = createOpenblasBackend({ addonFile, wasmFile });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openblas backend kernels', () => {
  it('has GELU, layer norm, bias rows, column sums and batched attention, and allocates in its wasm host heap', () => {
    expect(blas.kernels).toBeDefined();
    expect(blas.attention).toBeDefined();
    // The wasm host's buffers are SharedArrayBuffer views that OpenBLAS reads in place.
    expect(blas.alloc(4).buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('GELU forward (with and without saved tanh) and backward match the reference on odd sizes', () => {
    expectGeluMatchesReference(blas, blas.kernels!, [1, 3, 7, 16, 17, 130, 1027], 1e-7);
  });

  it('column sums add rows in the reference order: bit-identical, accumulating into db', () => {
    for (const [rows, n] of [
      [1, 1],
      [5, 3],
      [64, 17],
      [33, 600],
      [130, 1031],
    ]) {
      const dy = randomFloats(rows * n, rows + n);
      const db0 = randomFloats(n, 7 * n);
      const ref = db0.slice();
      accumulateColumnSums(dy, ref, rows, n);
      const db = put(blas, db0);
      blas.kernels!.columnSums(put(blas, dy), db, rows, n);
      expect(Array.from(db), `rows=${rows} n=${n}`).toEqual(Array.from(ref));
    }
  });

  it('layer norm forward and backward (accumulating) match the reference on odd widths', () => {
    const k = blas.kernels!;
    for (const [rows, d] of [
      [1, 1],
      [3, 5],
      [7, 16],
      [5, 17],
      [9, 128],
      [2, 131],
    ]) {
      const x = scaled(randomFloats(rows * d, rows * d), 3).map((v, i) => v + (i % d) * 0.01);
      const g = randomFloats(d, d + 1);
      const b = randomFloats(d, d + 2);
      const ref = { y: new Float32Array(rows * d), mean: new Float32Array(rows), rstd: new Float32Array(rows) };
      layerNormForward(x, g, b, ref.y, ref.mean, ref.rstd, rows, d);
      const nat = { y: blas.alloc(rows * d), mean: blas.alloc(rows), rstd: blas.alloc(rows) };
      k.layerNormForward(put(blas, x), put(blas, g), put(blas, b), nat.y, nat.mean, nat.rstd, rows, d);
      const where = `rows=${rows} d=${d}`;
      expect(worstRel(nat.y, ref.y, rows * d), `y ${where}`).toBeLessThan(2e-5);
      expect(worstRel(nat.mean, ref.mean, rows), `mean ${where}`).toBeLessThan(2e-6);
      expect(worstRel(nat.rstd, ref.rstd, rows), `rstd ${where}`).toBeLessThan(2e-5);

      const dy = randomFloats(rows * d, 3 * d);
      const start = { dx: randomFloats(rows * d, 4 * d), dg: randomFloats(d, 5 * d), db: randomFloats(d, 6 * d) };
      const refGrad = { dx: start.dx.slice(), dg: start.dg.slice(), db: start.db.slice() };
      layerNormBackward(dy, x, g, ref.mean, ref.rstd, refGrad.dx, refGrad.dg, refGrad.db, rows, d);
      const natGrad = { dx: put(blas, start.dx), dg: put(blas, start.dg), db: put(blas, start.db) };
      k.layerNormBackward(put(blas, dy), put(blas, x), put(blas, g), put(blas, ref.mean), put(blas, ref.rstd), natGrad.dx, natGrad.dg, natGrad.db, rows, d);
      expect(worstRel(natGrad.dx, refGrad.dx, rows * d), `dx ${where}`).toBeLessThan(2e-5);
      expect(worstRel(natGrad.dg, refGrad.dg, d), `dGamma ${where}`).toBeLessThan(2e-5);
      expect(Array.from(natGrad.db), `dBeta ${where}`).toEqual(Array.from(refGrad.db));
    }
  });

  it('bias rows (with and without a residual, in place) equal the reference exactly', () => {
    for (const [rows, n] of [
      [1, 1],
      [4, 7],
      [33, 130],
    ]) {
      const x = randomFloats(rows * n, rows);
      const bias = randomFloats(n, n);
      for (const withX of [false, true]) {
        const ref = new Float32Array(rows * n);
        rowsPlusBias(withX ? x : null, bias, ref, rows, n);
        const out = blas.alloc(rows * n).fill(7);
        blas.kernels!.rowsPlusBias(withX ? put(blas, x) : null, put(blas, bias), out, rows, n);
        expect(Array.from(out), `rows=${rows} n=${n} residual=${withX}`).toEqual(Array.from(ref));
      }
      const inPlace = put(blas, x); // out may alias x
      blas.kernels!.rowsPlusBias(inPlace, put(blas, bias), inPlace, rows, n);
      const ref = new Float32Array(rows * n);
      rowsPlusBias(x, bias, ref, rows, n);
      expect(Array.from(inPlace)).toEqual(Array.from(ref));
    }
  });

  it('refuses buffers shorter than the sizes say, before native code reads them', () => {
    expect(() => blas.kernels!.geluForward(blas.alloc(3), blas.alloc(4), 4, null)).toThrow(RangeError);
    expect(() => blas.kernels!.columnSums(blas.alloc(11), blas.alloc(4), 3, 4)).toThrow(RangeError);
    const ln = (xLength: number) =>
      blas.kernels!.layerNormForward(blas.alloc(xLength), blas.alloc(4), blas.alloc(4), blas.alloc(12), blas.alloc(3), blas.alloc(3), 3, 4);
    expect(() => ln(12)).not.toThrow();
    expect(() => ln(11)).toThrow(RangeError);
    expect(() => blas.kernels!.rowsPlusBias(null, blas.alloc(3), blas.alloc(12), 3, 4)).toThrow(RangeError);
    const s: AttentionShape = { lengths: Int32Array.of(3, 5), B: 2, T: 4, H: 1, hd: 2, scale: 1 };
    const big = () => blas.alloc(64);
    expect(() => blas.attention!.forward(s, big(), big(), big(), big(), big(), big())).toThrow(/outside \[0, T\]/);
    s.lengths[1] = 4;
    expect(() => blas.attention!.forward(s, blas.alloc(2 * 4 * 6 - 1), big(), big(), big(), big(), big())).toThrow(RangeError);
  });
});

// The model's attention on the native kernels against the JavaScript reference loop (the same
// function on an engine without attention kernels), on a ragged batch with odd sizes.
describe('openblas batched attention', () => {
  const B = 3;
  const T = 7;
  const H = 3;
  const hd = 5;
  const d = H * hd;
  const lengths = Int32Array.of(7, 1, 4);
  const shape: AttentionShape = { lengths, B, T, H, hd, scale: 1 / Math.sqrt(hd) };
  const reference = float32Engine(referenceBackend);
  const buffers = (alloc: (n: number) => Float32Array) => ({
    q: alloc(B * T * d),
    k: alloc(B * T * d),
    v: alloc(B * T * d),
    att: alloc(B * H * T * T),
    y: alloc(B * T * d),
    heads: alloc(B * T * d),
  });
  const qkv = scaled(randomFloats(B * T * 3 * d, 11), 2);

  it('forward: the same q, k, v, probabilities and output rows (padding rows 0)', () => {
    const ref = { qkv: qkv.slice(), ...buffers((n) => new Float32Array(n)) };
    attentionForward(reference, shape, ref, null);
    const nat = { qkv: put(blas, qkv), ...buffers((n) => blas.alloc(n)) };
    nat.y.fill(9); // stale values must not survive in padding rows
    attentionForward(float32Engine(blas), shape, nat, null);
    expect(Array.from(nat.q)).toEqual(Array.from(ref.q));
    expect(Array.from(nat.k)).toEqual(Array.from(ref.k));
    expect(Array.from(nat.v)).toEqual(Array.from(ref.v));
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < H; h++) {
        const o = (b * H + h) * T * T;
        const used = lengths[b] * lengths[b];
        expect(worstRel(nat.att.subarray(o, o + used), ref.att.subarray(o, o + used), used), `att b=${b} h=${h}`).toBeLessThan(1e-6);
      }
    }
    expect(worstRel(nat.y, ref.y, B * T * d)).toBeLessThan(1e-5);
    expect(nat.y[(1 * T + 3) * d + 2]).toBe(0);
  });

  it('backward: the same qkv gradient rows (padding rows 0)', () => {
    const fwd = { qkv: qkv.slice(), ...buffers((n) => new Float32Array(n)) };
    attentionForward(reference, shape, fwd, null);
    const dy = randomFloats(B * T * d, 12);
    const scratch = (alloc: (n: number) => Float32Array) => ({
      heads: alloc(B * T * d),
      dq: alloc(B * T * d),
      dk: alloc(B * T * d),
      dv: alloc(B * T * d),
      dAtt: alloc(T * T),
    });
    const refOut = new Float32Array(B * T * 3 * d);
    attentionBackward(reference, shape, { q: fwd.q, k: fwd.k, v: fwd.v, att: fwd.att, dy, dqkv: refOut, ...scratch((n) => new Float32Array(n)) }, null);
    const natOut = blas.alloc(B * T * 3 * d).fill(9);
    const on = (x: Float32Array) => put(blas, x);
    attentionBackward(
      float32Engine(blas),
      shape,
      { q: on(fwd.q), k: on(fwd.k), v: on(fwd.v), att: on(fwd.att), dy: on(dy), dqkv: natOut, ...scratch((n) => blas.alloc(n)) },
      null,
    );
    expect(worstRel(natOut, refOut, B * T * 3 * d)).toBeLessThan(1e-5);
    expect(natOut[(1 * T + 5) * 3 * d + 2 * d + 1]).toBe(0);
  });
});

// Everything together: forward and backward of a model on the openblas backend (native attention,
// GELU and column sums, wasm layer norm, OpenBLAS matmuls) against the float64 reference.
describe('a model on the openblas backend', () => {
  for (const positions of ['learned', 'rotary'] as const) {
    it(`${positions} positions: log-probs, entropies and every gradient tensor match float64`, () => {
      const config = parseGptConfig({ layers: 2, dModel: 24, heads: 3, context: 16, vocab: 11, positions });
      const f32 = new GptModel(config, float32Engine(blas)).init(5);
      const f64 = new GptModel(config, float64Engine());
      const rng = new Rng(6);
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
      expect(worstRel(a.logp, b.logp, n)).toBeLessThan(2e-4);
      expect(worstRel(a.entropy, b.entropy, n)).toBeLessThan(2e-4);
      const g = new Float32Array(n).map(() => rng.normal());
      const h = new Float32Array(n).map(() => rng.normal());
      f32.zeroGrad();
      f64.zeroGrad();
      f32.backward({ dLogp: g, dEntropy: h });
      f64.backward({ dLogp: Float64Array.from(g), dEntropy: Float64Array.from(h) });
      expectGradientsClose(f32, f64, 1e-3);
    });
  }
});

// The sampler on the openblas backend: its prompt pass runs the native attention, its decode steps
// the wasm kernels the backend forwards. Sampled tokens' log-probs equal a full forward pass's.
describe('sampling on the openblas backend', () => {
  it('reports the same log-probs as a full forward pass over the sampled text', () => {
    const config = parseGptConfig({ layers: 2, dModel: 16, heads: 4, context: 24, vocab: 9 });
    const model = new GptModel(config, float32Engine(blas)).init(1);
    const rng = new Rng(101);
    for (let i = 0; i < model.params.length; i++) model.params[i] += rng.normal() * 0.3;
    const prompts = [[1, 3, 4, 5, 2], [1], [1, 8, 8]];
    const out = new Sampler(model).sample(
      prompts.map((prompt, g) => ({ prompt, seeds: [g, g + 10] })),
      { temperature: 1, maxTokens: 10 },
    );
    let compared = 0;
    prompts.forEach((prompt, g) => {
      for (const sample of out[g]) {
        const full = model.forward(model.pack([[...prompt, ...Array.from(sample.tokens)]]));
        for (let step = 0; step < sample.tokens.length; step++) {
          expect(sample.logprobs[step]).toBeCloseTo(full.logp[prompt.length + step], 4);
          compared++;
        }
      }
    });
    expect(compared).toBe(60);
  });
});

// AdamW through the backend's native update against the JavaScript loop (reference backend), over
// several steps so the moments and bias corrections are exercised; decayed and undecayed ranges.
describe('AdamW on the openblas backend', () => {
  it('moves parameters and moments like the reference loop', () => {
    const config = parseGptConfig({ layers: 1, dModel: 12, heads: 3, context: 8, vocab: 7 });
    const nat = new GptModel(config, float32Engine(blas)).init(2);
    const ref = new GptModel(config, float32Engine(referenceBackend)).init(2);
    expect(blas.optimizer).toBeDefined();
    const options = { beta1: 0.9, beta2: 0.95, weightDecay: 0.1 };
    const optNat = new AdamW(nat, options);
    const optRef = new AdamW(ref, options);
    const rng = new Rng(9);
    for (let step = 0; step < 4; step++) {
      for (let i = 0; i < ref.grads.length; i++) ref.grads[i] = rng.normal() * 0.1;
      nat.grads.set(ref.grads);
      optNat.step(3e-3);
      optRef.step(3e-3);
    }
    const n = ref.params.length;
    expect(worstRel(nat.params, ref.params, n)).toBeLessThan(1e-6);
    expect(worstRel(optNat.m, optRef.m, n)).toBeLessThan(1e-6);
    expect(worstRel(optNat.v, optRef.v, n)).toBeLessThan(1e-6);
    // The update did move every parameter (the comparison above is not vacuous).
    const init = new GptModel(config, float32Engine(referenceBackend)).init(2);
    let moved = 0;
    for (let i = 0; i < n; i++) if (nat.params[i] !== init.params[i]) moved++;
    expect(moved).toBe(n);
  });
});
