// The wasm non-matmul kernels (assembly/kernels.ts) against their plain-TypeScript references, on
// odd sizes; plus the row independence the sampler's per-sample seeds rely on.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FastKernels } from '../../../src/lab/tensor/kernels.js';
import { accumulateColumnSums, rowsPlusBias } from '../../../src/lab/tensor/ops/bias.js';
import { decodeAttentionRef } from '../../../src/lab/tensor/ops/decode-attention.js';
import { geluForward } from '../../../src/lab/tensor/ops/gelu.js';
import { layerNormBackward, layerNormForward } from '../../../src/lab/tensor/ops/layer-norm.js';
import { createWasmBackend, type WasmBackend } from '../../../src/lab/tensor/wasm/wasm-backend.js';
import { repoRoot } from '../../helpers/cli.js';
import { put, randomFloats, scaled, worstRel } from './backends-oracle.js';
import { expectGeluMatchesReference } from './kernel-contract.js';

let wasm: WasmBackend;
let k: FastKernels;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-wasm.mjs')], { stdio: 'pipe' });
  wasm = createWasmBackend();
  if (wasm.kernels === undefined) throw new Error('the built wasm module has no kernels');
  k = wasm.kernels;
});

describe('wasm GELU', () => {
  it('forward (with and without saved tanh) and backward match the reference on odd sizes', () => {
    expectGeluMatchesReference(wasm, k, [1, 3, 4, 7, 130, 1027], 'exact');
  });

  it('gives each element the same bits whether it falls in the vector part or the tail', () => {
    const x = scaled(randomFloats(11, 5), 3);
    const all = wasm.alloc(11);
    k.geluForward(put(wasm, x), all, 11, null);
    for (const start of [1, 2, 3, 9]) {
      const part = wasm.alloc(11 - start);
      k.geluForward(put(wasm, x.subarray(start)), part, 11 - start, null);
      expect(Array.from(part), `from ${start}`).toEqual(Array.from(all.subarray(start)));
    }
  });

  it('runs the reference on buffers outside its memory (same result as the reference)', () => {
    const x = randomFloats(9, 3);
    const y = new Float32Array(9);
    const yRef = new Float32Array(9);
    k.geluForward(x, y, 9, null);
    geluForward(x, yRef, 9, null);
    expect(Array.from(y)).toEqual(Array.from(yRef));
    expect(() => k.geluForward(wasm.alloc(4), wasm.alloc(8), 8, null)).toThrow(RangeError);
  });
});

describe('wasm layer norm', () => {
  for (const [rows, d] of [
    [1, 1],
    [3, 5],
    [7, 64],
    [5, 130],
  ] as const) {
    it(`forward and backward match the reference (rows ${rows}, d ${d})`, () => {
      const x = scaled(randomFloats(rows * d, d), 3);
      const g = randomFloats(d, d + 1);
      const b = randomFloats(d, d + 2);
      const [yRef, meanRef, rstdRef] = [new Float32Array(rows * d), new Float32Array(rows), new Float32Array(rows)];
      layerNormForward(x, g, b, yRef, meanRef, rstdRef, rows, d);
      const [y, mean, rstd] = [wasm.alloc(rows * d), wasm.alloc(rows), wasm.alloc(rows)];
      const [xw, gw] = [put(wasm, x), put(wasm, g)];
      k.layerNormForward(xw, gw, put(wasm, b), y, mean, rstd, rows, d);
      // d = 1: every x̂ is 0 and y = beta exactly.
      expect(worstRel(y, yRef, rows * d)).toBeLessThan(1e-5);
      expect(worstRel(mean, meanRef, rows)).toBeLessThan(1e-6);
      expect(worstRel(rstd, rstdRef, rows) / Math.max(...Array.from(rstdRef), 1)).toBeLessThan(1e-5);

      const dy = randomFloats(rows * d, 7 * d);
      const dx0 = randomFloats(rows * d, 8 * d); // backward accumulates into these
      const dg0 = randomFloats(d, 9 * d);
      const db0 = randomFloats(d, 10 * d);
      const [dxRef, dgRef, dbRef] = [dx0.slice(), dg0.slice(), db0.slice()];
      layerNormBackward(dy, x, g, meanRef, rstdRef, dxRef, dgRef, dbRef, rows, d);
      const [dx, dg, db] = [put(wasm, dx0), put(wasm, dg0), put(wasm, db0)];
      k.layerNormBackward(put(wasm, dy), xw, gw, mean, rstd, dx, dg, db, rows, d);
      expect(worstRel(dx, dxRef, rows * d)).toBeLessThan(2e-5);
      expect(worstRel(dg, dgRef, d)).toBeLessThan(2e-5);
      expect(worstRel(db, dbRef, d)).toBeLessThan(2e-6);
    });
  }
});

describe('wasm decode attention step (prefix + own cache, all heads)', () => {
  interface Geometry {
    hd: number;
    H: number;
    S: number;
    P: number;
    Pg: number;
    step: number;
    slots: number[];
    group: number;
  }
  /** Random q/k/v rows and caches for a run of rows; the caches are filled past `step` too. */
  function scenario(g: Geometry, seed: number) {
    const c = g.slots.length;
    const d = g.H * g.hd;
    const ownSize = (Math.max(...g.slots) + 1) * g.H * g.S * g.hd;
    const preSize = (g.group + 1) * g.H * g.P * g.hd;
    return {
      qkv: scaled(randomFloats(c * 3 * d, seed), 2),
      kPre: scaled(randomFloats(preSize, seed + 1), 2),
      vPre: randomFloats(preSize, seed + 2),
      kOwn: scaled(randomFloats(ownSize, seed + 3), 2),
      vOwn: randomFloats(ownSize, seed + 4),
      args: {
        slots: Int32Array.from([99, ...g.slots]),
        slotsOffset: 1,
        c,
        heads: g.H,
        hd: g.hd,
        group: g.group,
        prefixLength: g.Pg,
        prefixStride: g.P,
        S: g.S,
        step: g.step,
        scale: 1 / Math.sqrt(g.hd),
      },
    };
  }
  type Scenario = ReturnType<typeof scenario>;

  function runRef(s: Scenario) {
    const out = { y: new Float32Array(s.args.c * s.args.heads * s.args.hd), kOwn: s.kOwn.slice(), vOwn: s.vOwn.slice() };
    decodeAttentionRef({ ...s.args, qkv: s.qkv, kPre: s.kPre, vPre: s.vPre, ...out });
    return out;
  }

  function runWasm(s: Scenario) {
    const out = { y: wasm.alloc(s.args.c * s.args.heads * s.args.hd), kOwn: put(wasm, s.kOwn), vOwn: put(wasm, s.vOwn) };
    k.decodeAttention({ ...s.args, qkv: put(wasm, s.qkv), kPre: put(wasm, s.kPre), vPre: put(wasm, s.vPre), ...out });
    return out;
  }

  // Own counts cover whole groups of four key blocks, single blocks and a part-filled last block;
  // prefixes full, partial, empty; head sizes with 32-lane, 4-lane and scalar parts.
  const cases: Geometry[] = [
    { hd: 32, H: 4, S: 48, P: 12, Pg: 12, step: 47, slots: [3, 0, 7, 1], group: 0 },
    { hd: 32, H: 4, S: 48, P: 12, Pg: 11, step: 22, slots: [2, 5], group: 0 },
    { hd: 16, H: 2, S: 12, P: 4, Pg: 0, step: 6, slots: [0, 2], group: 0 },
    { hd: 5, H: 3, S: 12, P: 8, Pg: 3, step: 0, slots: [4, 1, 2], group: 0 },
    { hd: 7, H: 2, S: 24, P: 16, Pg: 13, step: 20, slots: [1, 0], group: 1 },
    { hd: 33, H: 1, S: 8, P: 4, Pg: 1, step: 4, slots: [0], group: 2 },
  ];
  for (const [n, g] of cases.entries()) {
    it(`matches the reference (hd ${g.hd}, heads ${g.H}, step ${g.step} of ${g.S}, prefix ${g.Pg} of ${g.P})`, () => {
      const s = scenario(g, 10 * n + 1);
      const ref = runRef(s);
      const got = runWasm(s);
      expect(worstRel(got.y, ref.y, ref.y.length)).toBeLessThan(2e-6);
      // The appended k and v land in the same places, with the same bits.
      expect(Array.from(got.kOwn)).toEqual(Array.from(ref.kOwn));
      expect(Array.from(got.vOwn)).toEqual(Array.from(ref.vOwn));
    });
  }

  it('runs the reference on buffers outside its memory (same result as the reference)', () => {
    const s = scenario(cases[1], 3);
    const ref = runRef(s);
    const out = { y: new Float32Array(ref.y.length), kOwn: s.kOwn.slice(), vOwn: s.vOwn.slice() };
    k.decodeAttention({ ...s.args, qkv: s.qkv, kPre: s.kPre, vPre: s.vPre, ...out });
    expect(Array.from(out.y)).toEqual(Array.from(ref.y));
  });

  it('computes a row alone bit-identically to the same row inside a run', () => {
    const g: Geometry = { hd: 32, H: 4, S: 24, P: 12, Pg: 10, step: 18, slots: [5, 2, 9, 0, 4], group: 0 };
    const all = scenario(g, 77);
    const together = runWasm(all);
    const d = g.H * g.hd;
    for (const i of [0, 2, 4]) {
      const alone = scenario({ ...g, slots: [g.slots[i]] }, 77);
      Object.assign(alone, { qkv: all.qkv.slice(i * 3 * d, (i + 1) * 3 * d), kPre: all.kPre, vPre: all.vPre, kOwn: all.kOwn, vOwn: all.vOwn });
      const got = runWasm(alone);
      expect(Array.from(got.y)).toEqual(Array.from(together.y.subarray(i * d, (i + 1) * d)));
    }
  });

  it('keeps keys in blocks of four positions, head-dim-major (the layout both implementations read and write)', () => {
    const [H, S, hd] = [2, 8, 3];
    const qkv = Float32Array.from({ length: 3 * H * hd }, (_, i) => i + 1);
    const cache = () => new Float32Array(H * S * hd);
    const out = { y: new Float32Array(H * hd), kOwn: cache(), vOwn: cache() };
    const args = { slots: Int32Array.of(0), slotsOffset: 0, c: 1, heads: H, hd, group: 0, prefixLength: 0, prefixStride: 4, S, step: 5, scale: 1 };
    decodeAttentionRef({ ...args, qkv, kPre: new Float32Array(H * 4 * hd), vPre: new Float32Array(H * 4 * hd), ...out });
    // Head 1's key (qkv[d + hd …]) at position 5: block 1 (positions 4–7), lane 1, stride 4 per dim.
    const base = 1 * S * hd + 4 * hd + 1;
    expect([out.kOwn[base], out.kOwn[base + 4], out.kOwn[base + 8]]).toEqual([10, 11, 12]);
    expect(Array.from(out.vOwn.subarray(1 * S * hd + 5 * hd, 1 * S * hd + 6 * hd))).toEqual([16, 17, 18]);
  });

  it('rejects caches too small for their slots or group, and strides that are not whole key blocks', () => {
    const g: Geometry = { hd: 8, H: 2, S: 4, P: 4, Pg: 2, step: 1, slots: [0, 1], group: 0 };
    const s = scenario(g, 5);
    const call = (over: Record<string, unknown>) => () =>
      k.decodeAttention({
        ...s.args,
        qkv: put(wasm, s.qkv),
        kPre: put(wasm, s.kPre),
        vPre: put(wasm, s.vPre),
        kOwn: put(wasm, s.kOwn),
        vOwn: put(wasm, s.vOwn),
        y: wasm.alloc(2 * 16),
        ...over,
      });
    expect(call({})).not.toThrow();
    expect(call({ kOwn: wasm.alloc(2 * 4 * 8) })).toThrow(RangeError); // one slot's worth
    expect(call({ group: 1 })).toThrow(RangeError);
    expect(call({ prefixLength: 5 })).toThrow(RangeError);
    expect(call({ S: 6 })).toThrow(/multiples? of 4/);
    const odd = scenario({ ...g, S: 6 }, 5);
    expect(() => runRef(odd)).toThrow(/multiple of 4/);
  });
});

describe('wasm bias and residual (exact: the same bits as the reference)', () => {
  for (const [rows, n] of [
    [1, 1],
    [3, 7],
    [9, 128],
    [4, 131],
  ] as const) {
    it(`rowsPlusBias and columnSums (rows ${rows}, n ${n})`, () => {
      const x = randomFloats(rows * n, n);
      const b = randomFloats(n, n + 1);
      for (const withX of [true, false]) {
        const ref = new Float32Array(rows * n);
        rowsPlusBias(withX ? x : null, b, ref, rows, n);
        const got = wasm.alloc(rows * n);
        k.rowsPlusBias(withX ? put(wasm, x) : null, put(wasm, b), got, rows, n);
        expect(Array.from(got)).toEqual(Array.from(ref));
      }
      const inPlace = put(wasm, x); // out may alias x
      k.rowsPlusBias(inPlace, put(wasm, b), inPlace, rows, n);
      const ref = new Float32Array(rows * n);
      rowsPlusBias(x, b, ref, rows, n);
      expect(Array.from(inPlace)).toEqual(Array.from(ref));

      const db0 = randomFloats(n, 3 * n);
      const dbRef = db0.slice();
      accumulateColumnSums(x, dbRef, rows, n);
      const db = put(wasm, db0);
      k.columnSums(put(wasm, x), db, rows, n);
      expect(Array.from(db)).toEqual(Array.from(dbRef));
    });
  }
});
