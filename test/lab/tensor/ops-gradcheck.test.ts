import { describe, expect, it } from 'vitest';
import { causalSoftmaxBackward, causalSoftmaxForward } from '../../../src/lab/tensor/ops/causal-softmax.js';
import { embeddingBackward, embeddingForward } from '../../../src/lab/tensor/ops/embedding.js';
import { geluBackward, geluForward } from '../../../src/lab/tensor/ops/gelu.js';
import { layerNormBackward, layerNormForward } from '../../../src/lab/tensor/ops/layer-norm.js';
import { tokenLogprobsBackward, tokenLogprobsForward } from '../../../src/lab/tensor/ops/token-logprobs.js';
import { Rng } from '../../../src/lab/tensor/rng.js';
import { dot, maxRelativeError, randomArray } from './numeric-gradient.js';

// Every op is checked the same way: a random linear functional L = Σ c ⊙ op(x) of its output,
// its analytic input gradient (op backward with dy = c) against central differences, in float64.

describe('finite-difference gradient checks of the kernels (float64)', () => {
  it('layer norm: dx, dgamma, dbeta', () => {
    const rng = new Rng(1);
    const rows = 3,
      d = 7;
    const x = randomArray(rng, rows * d, 2);
    const gamma = randomArray(rng, d);
    const beta = randomArray(rng, d);
    const c = randomArray(rng, rows * d);
    const y = new Float64Array(rows * d),
      mean = new Float64Array(rows),
      rstd = new Float64Array(rows);
    const loss = (): number => {
      layerNormForward(x, gamma, beta, y, mean, rstd, rows, d);
      return dot(c, y);
    };
    loss();
    const dx = new Float64Array(rows * d),
      dg = new Float64Array(d),
      db = new Float64Array(d);
    layerNormBackward(c, x, gamma, mean, rstd, dx, dg, db, rows, d);
    expect(maxRelativeError(loss, x, dx)).toBeLessThan(1e-6);
    expect(maxRelativeError(loss, gamma, dg)).toBeLessThan(1e-6);
    expect(maxRelativeError(loss, beta, db)).toBeLessThan(1e-6);
  });

  it('layer norm backward accumulates into dx', () => {
    const rng = new Rng(2);
    const x = randomArray(rng, 4),
      g = randomArray(rng, 4),
      b = randomArray(rng, 4),
      dy = randomArray(rng, 4);
    const y = new Float64Array(4),
      m = new Float64Array(1),
      r = new Float64Array(1);
    layerNormForward(x, g, b, y, m, r, 1, 4);
    const fresh = new Float64Array(4);
    layerNormBackward(dy, x, g, m, r, fresh, new Float64Array(4), new Float64Array(4), 1, 4);
    const acc = new Float64Array([1, 2, 3, 4]);
    layerNormBackward(dy, x, g, m, r, acc, new Float64Array(4), new Float64Array(4), 1, 4);
    for (let i = 0; i < 4; i++) expect(acc[i]).toBeCloseTo(fresh[i] + i + 1, 12);
  });

  it('GELU (tanh form) matches known values and its derivative', () => {
    const y = new Float64Array(3);
    geluForward(new Float64Array([0, 1, -2]), y, 3);
    expect(y[0]).toBe(0);
    expect(y[1]).toBeCloseTo(0.841192, 5);
    expect(y[2]).toBeCloseTo(-0.0454023, 5);
    const rng = new Rng(3);
    const x = randomArray(rng, 20, 2);
    const c = randomArray(rng, 20);
    const out = new Float64Array(20);
    const t = new Float64Array(20);
    const loss = (): number => {
      geluForward(x, out, 20, t);
      return dot(c, out);
    };
    loss();
    const dx = new Float64Array(20);
    geluBackward(c, x, t, dx, 20);
    expect(maxRelativeError(loss, x, dx)).toBeLessThan(1e-6);
  });

  it('causal softmax: rows sum to one over the causal window, zeros above the diagonal, gradient', () => {
    const rng = new Rng(4);
    const T = 6,
      scale = 0.7;
    const s = randomArray(rng, T * T, 2);
    const c = randomArray(rng, T * T);
    const p = new Float64Array(T * T);
    const loss = (): number => {
      causalSoftmaxForward(s, p, T, scale);
      return dot(c, p);
    };
    loss();
    for (let i = 0; i < T; i++) {
      let sum = 0;
      for (let j = 0; j < T; j++) {
        if (j > i) expect(p[i * T + j]).toBe(0);
        sum += p[i * T + j];
      }
      expect(sum).toBeCloseTo(1, 12);
    }
    const ds = new Float64Array(T * T);
    causalSoftmaxBackward(p, c, ds, T, scale);
    expect(maxRelativeError(loss, s, ds)).toBeLessThan(1e-6);
  });

  it('embedding gather / scatter-add, with repeated tokens and positions', () => {
    const rng = new Rng(5);
    const V = 5,
      P = 4,
      d = 3,
      rows = 6;
    const wte = randomArray(rng, V * d),
      wpe = randomArray(rng, P * d);
    const tokens = new Int32Array([1, 1, 4, 0, 1, 3]);
    const positions = new Int32Array([0, 1, 2, 3, 0, 1]);
    const c = randomArray(rng, rows * d);
    const x = new Float64Array(rows * d);
    const loss = (): number => {
      embeddingForward(tokens, positions, wte, wpe, x, rows, d);
      return dot(c, x);
    };
    loss();
    expect(x[0]).toBeCloseTo(wte[3] + wpe[0], 12);
    const dWte = new Float64Array(V * d),
      dWpe = new Float64Array(P * d);
    embeddingBackward(tokens, positions, c, dWte, dWpe, rows, d);
    expect(maxRelativeError(loss, wte, dWte)).toBeLessThan(1e-6);
    expect(maxRelativeError(loss, wpe, dWpe)).toBeLessThan(1e-6);
  });

  it('token log-probs and entropies: values and gradient w.r.t. the logits', () => {
    const rng = new Rng(6);
    const rows = 4,
      V = 5;
    const logits = randomArray(rng, rows * V, 3);
    const targets = new Int32Array([2, -1, 0, 4]);
    const a = randomArray(rng, rows),
      b = randomArray(rng, rows);
    const work = new Float64Array(rows * V),
      logp = new Float64Array(rows),
      ent = new Float64Array(rows);
    const loss = (): number => {
      work.set(logits);
      tokenLogprobsForward(work, targets, logp, ent, rows, V);
      return dot(a, logp) + dot(b, ent);
    };
    loss();
    // Direct check of the definitions on row 0.
    const z = Array.from(logits.subarray(0, V));
    const lse = Math.log(z.reduce((s, v) => s + Math.exp(v), 0));
    // (fastExpNeg is within 1e-8 relative of Math.exp, so 8 digits.)
    expect(logp[0]).toBeCloseTo(z[2] - lse, 8);
    expect(ent[0]).toBeCloseTo(-z.reduce((s, v) => s + Math.exp(v - lse) * (v - lse), 0), 8);
    expect(logp[1]).toBe(0);
    const dz = new Float64Array(rows * V);
    tokenLogprobsBackward(work, targets, ent, a, b, dz, rows, V);
    expect(maxRelativeError(loss, logits, dz)).toBeLessThan(1e-6);
  });
});

describe('rotary position embeddings', () => {
  it('rotate by position, invert exactly, and make q·k depend only on the relative position', async () => {
    const { rotaryTable, rotateVector } = await import('../../../src/lab/tensor/ops/rotary.js');
    const table = rotaryTable(16, 8);
    const rng = new Rng(8);
    const q = randomArray(rng, 8),
      k = randomArray(rng, 8);
    const at = (v: Float64Array, pos: number): Float64Array => {
      const c = Float64Array.from(v);
      rotateVector(c, 0, pos, table, false);
      return c;
    };
    // Same offset m − n = 3 at different absolute positions: same score.
    expect(dot(at(q, 5), at(k, 2))).toBeCloseTo(dot(at(q, 12), at(k, 9)), 12);
    expect(dot(at(q, 0), at(k, 0))).toBeCloseTo(dot(q, k), 12);
    // Inverse rotation undoes it; it is also the transpose (the backward pass).
    const back = at(q, 7);
    rotateVector(back, 0, 7, table, true);
    for (let i = 0; i < 8; i++) expect(back[i]).toBeCloseTo(q[i], 12);
    const c = randomArray(rng, 8);
    const x = randomArray(rng, 8);
    const grad = Float64Array.from(c);
    rotateVector(grad, 0, 4, table, true);
    expect(maxRelativeError(() => dot(c, at(x, 4)), x, grad)).toBeLessThan(1e-6);
  });
});

describe('fast exp', () => {
  it('is within 1e-8 relative of Math.exp on (−87, 0] and 0 below', async () => {
    const { fastExpNeg } = await import('../../../src/lab/tensor/ops/fast-exp.js');
    let worst = 0;
    for (let x = -87; x <= 0; x += 1e-3) worst = Math.max(worst, Math.abs(fastExpNeg(x) - Math.exp(x)) / Math.exp(x));
    expect(worst).toBeLessThan(1e-8);
    expect(fastExpNeg(0)).toBe(1);
    expect(fastExpNeg(-100)).toBe(0);
    expect(fastExpNeg(-Infinity)).toBe(0);
  });
});

describe('fast tanh', () => {
  it('is within 3e-7 of Math.tanh everywhere, and GELU in float32 matches the exact formula', async () => {
    const { fastTanh } = await import('../../../src/lab/tensor/ops/fast-tanh.js');
    let worst = 0;
    for (let x = -20; x <= 20; x += 1e-3) worst = Math.max(worst, Math.abs(fastTanh(x) - Math.tanh(x)));
    expect(worst).toBeLessThan(3e-7);
    const x = new Float32Array([-5, -1.5, -0.3, 0, 0.2, 1, 3.7, 9]);
    const fast = new Float32Array(8);
    const exact = new Float64Array(8);
    geluForward(x, fast, 8);
    geluForward(Float64Array.from(x), exact, 8);
    for (let i = 0; i < 8; i++) expect(Math.abs(fast[i] - exact[i])).toBeLessThan(2e-6);
  });
});
