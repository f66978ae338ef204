// The wasm non-matmul kernels (assembly/kernels.ts) against their plain-TypeScript references, on
// odd sizes; plus the row independence the sampler's per-sample seeds rely on.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FastKernels } from '../../../src/lab/tensor/kernels.js';
import { accumulateColumnSums, rowsPlusBias } from '../../../src/lab/tensor/ops/bias.js';
import { decodeOwnScoresRef, decodeOwnValuesRef, decodeScatterQkvRef, headsToRowsDecodeRef } from '../../../src/lab/tensor/ops/decode-attention.js';
import { geluBackward, geluForward } from '../../../src/lab/tensor/ops/gelu.js';
import { layerNormBackward, layerNormForward } from '../../../src/lab/tensor/ops/layer-norm.js';
import { createWasmBackend, type WasmBackend } from '../../../src/lab/tensor/wasm/wasm-backend.js';
import { repoRoot } from '../../helpers/cli.js';
import { put, randomFloats } from './backends-oracle.js';

let wasm: WasmBackend;
let k: FastKernels;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-wasm.mjs')], { stdio: 'pipe' });
  wasm = createWasmBackend();
  if (wasm.kernels === undefined) throw new Error('the built wasm module has no kernels');
  k = wasm.kernels;
});

/** max |a − b| / (1 + |b|) over the first n entries. */
function worstRel(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number {
  let w = 0;
  for (let i = 0; i < n; i++) w = Math.max(w, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return w;
}

const scaled = (x: Float32Array, s: number): Float32Array => x.map((v) => v * s);

describe('wasm GELU', () => {
  it('forward (with and without saved tanh) and backward match the reference on odd sizes', () => {
    for (const n of [1, 3, 4, 7, 130, 1027]) {
      const x = scaled(randomFloats(n, n), 6); // covers the tanh clamp region too
      const y = wasm.alloc(n);
      const t = wasm.alloc(n);
      const y2 = wasm.alloc(n);
      k.geluForward(put(wasm, x), y, n, t);
      k.geluForward(put(wasm, x), y2, n, null);
      const yRef = new Float32Array(n);
      const tRef = new Float32Array(n);
      geluForward(x, yRef, n, tRef);
      expect(worstRel(y, yRef, n), `forward n=${n}`).toBeLessThan(2e-6);
      expect(worstRel(t, tRef, n), `tanh n=${n}`).toBeLessThan(2e-6);
      expect(Array.from(y2)).toEqual(Array.from(y));

      const dy = randomFloats(n, 100 + n);
      const dxRef = new Float32Array(n);
      geluBackward(dy, x, tRef, dxRef, n);
      const dx = wasm.alloc(n);
      k.geluBackward(put(wasm, dy), put(wasm, x), put(wasm, tRef), dx, n);
      expect(worstRel(dx, dxRef, n), `backward n=${n}`).toBeLessThan(2e-6);
      // dx may alias dy.
      const inPlace = put(wasm, dy);
      k.geluBackward(inPlace, put(wasm, x), put(wasm, tRef), inPlace, n);
      expect(Array.from(inPlace)).toEqual(Array.from(dx));
    }
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
  for (const [rows, d] of [[1, 1], [3, 5], [7, 64], [5, 130]] as const) {
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

describe('wasm decode attention over own cached tokens', () => {
  /** A random cache and a run of rows; each kernel is run by wasm and by the reference. */
  function scenario(hd: number, H: number, S: number, own: number, preLength: number, slots: number[], seed: number) {
    const c = slots.length;
    const slotCount = Math.max(...slots) + 1;
    return {
      c,
      q: scaled(randomFloats(c * hd, seed), 2),
      kOwn: scaled(randomFloats(slotCount * H * S * hd, seed + 1), 2),
      vOwn: randomFloats(slotCount * H * S * hd, seed + 2),
      pre: scaled(randomFloats(Math.max(1, c * preLength), seed + 3), 4),
      y0: randomFloats(c * hd, seed + 4),
      geometry: { slots: Int32Array.from([99, ...slots]), slotsOffset: 1, c, heads: H, S, hd, own, preLength },
    };
  }

  function runBoth(s: ReturnType<typeof scenario>, head: number) {
    const { geometry: g } = s;
    const scale = 1 / Math.sqrt(g.hd);
    const ref = { pre: s.pre.slice(), own: new Float32Array(g.c * g.S), y: s.y0.slice() };
    decodeOwnScoresRef({ ...g, head, q: s.q, kOwn: s.kOwn, scale, pre: ref.pre, ownScores: ref.own });
    decodeOwnValuesRef({ ...g, head, vOwn: s.vOwn, y: ref.y, ownScores: ref.own });
    const got = { pre: put(wasm, s.pre), own: wasm.alloc(g.c * g.S), y: put(wasm, s.y0) };
    k.decodeOwnScores({ ...g, head, q: put(wasm, s.q), kOwn: put(wasm, s.kOwn), scale, pre: got.pre, ownScores: got.own });
    k.decodeOwnValues({ ...g, head, vOwn: put(wasm, s.vOwn), y: got.y, ownScores: got.own });
    return { ref, got };
  }

  // Own counts cover whole groups of four key blocks, single blocks and a part-filled last block.
  const cases = [
    { hd: 32, H: 4, S: 48, own: 48, preLength: 12, slots: [3, 0, 7, 1] },
    { hd: 32, H: 4, S: 48, own: 23, preLength: 12, slots: [2, 5] },
    { hd: 16, H: 2, S: 12, own: 7, preLength: 0, slots: [0, 2] },
    { hd: 5, H: 3, S: 12, own: 1, preLength: 3, slots: [4, 1, 2] },
    { hd: 7, H: 2, S: 24, own: 21, preLength: 2, slots: [1, 0] },
    { hd: 20, H: 1, S: 8, own: 5, preLength: 9, slots: [0] },
  ];
  for (const [n, cs] of cases.entries()) {
    it(`probabilities and outputs match the reference (hd ${cs.hd}, own ${cs.own} of ${cs.S}, prefix ${cs.preLength})`, () => {
      const s = scenario(cs.hd, cs.H, cs.S, cs.own, cs.preLength, cs.slots, 10 * n + 1);
      const { ref, got } = runBoth(s, cs.H - 1);
      const { c, S, own, preLength } = s.geometry;
      for (let i = 0; i < c; i++) {
        expect(worstRel(got.own.subarray(i * S, i * S + own), ref.own.subarray(i * S, i * S + own), own)).toBeLessThan(2e-6);
        // Each row's probabilities sum to 1.
        let total = 0;
        for (let j = 0; j < own; j++) total += got.own[i * S + j];
        for (let j = 0; j < preLength; j++) total += got.pre[i * preLength + j];
        expect(total).toBeCloseTo(1, 5);
      }
      expect(worstRel(got.pre, ref.pre, c * preLength)).toBeLessThan(2e-6);
      expect(worstRel(got.y, ref.y, c * s.geometry.hd)).toBeLessThan(2e-6);
    });
  }

  it('computes a row alone bit-identically to the same row inside a run', () => {
    const s = scenario(32, 4, 20, 19, 6, [5, 2, 9, 0, 4], 77);
    const { got: all } = runBoth(s, 2);
    const { hd, S, preLength } = s.geometry;
    for (const i of [0, 2, 4]) {
      const alone = scenario(32, 4, 20, 19, 6, [s.geometry.slots[1 + i]], 77);
      alone.q = s.q.slice(i * hd, (i + 1) * hd);
      alone.pre = s.pre.slice(i * preLength, (i + 1) * preLength);
      alone.y0 = s.y0.slice(i * hd, (i + 1) * hd);
      alone.kOwn = s.kOwn;
      alone.vOwn = s.vOwn;
      const { got } = runBoth(alone, 2);
      expect(Array.from(got.own.subarray(0, S))).toEqual(Array.from(all.own.subarray(i * S, (i + 1) * S)));
      expect(Array.from(got.y)).toEqual(Array.from(all.y.subarray(i * hd, (i + 1) * hd)));
    }
  });

  it('rejects a cache too small for the slots it is asked to read, and a slot size that is not whole key blocks', () => {
    const s = scenario(8, 2, 4, 3, 0, [0, 1], 5);
    const small = wasm.alloc(2 * 4 * 8); // one slot's worth
    expect(() =>
      k.decodeOwnScores({ ...s.geometry, head: 0, q: put(wasm, s.q), kOwn: small, scale: 1, pre: wasm.alloc(1), ownScores: wasm.alloc(8) }),
    ).toThrow(RangeError);
    const odd = scenario(8, 2, 6, 3, 0, [0, 1], 5);
    const oddArgs = { ...odd.geometry, head: 0, q: put(wasm, odd.q), kOwn: put(wasm, odd.kOwn), scale: 1, pre: wasm.alloc(1), ownScores: wasm.alloc(12) };
    expect(() => k.decodeOwnScores(oddArgs)).toThrow(/multiple of 4/);
    expect(() => decodeOwnScoresRef({ ...oddArgs, ownScores: new Float32Array(12) })).toThrow(/multiple of 4/);
  });

  it('keeps keys in blocks of four positions, head-dim-major (the layout both implementations read)', () => {
    const [H, S, hd] = [2, 8, 3];
    const qkv = Float32Array.from({ length: 3 * H * hd }, (_, i) => i + 1);
    const cache = () => new Float32Array(H * S * hd);
    const ref = { qh: new Float32Array(H * hd), kOwn: cache(), vOwn: cache() };
    decodeScatterQkvRef({ qkv, ...ref, slots: Int32Array.of(0), A: 1, heads: H, S, hd, step: 5 });
    // Head 1's key (qkv[d + hd …]) at position 5: block 1 (positions 4–7), lane 1, stride 4 per dim.
    const base = 1 * S * hd + 4 * hd + 1;
    expect([ref.kOwn[base], ref.kOwn[base + 4], ref.kOwn[base + 8]]).toEqual([10, 11, 12]);
    expect(Array.from(ref.vOwn.subarray(1 * S * hd + 5 * hd, 1 * S * hd + 6 * hd))).toEqual([16, 17, 18]);
  });
});

describe('wasm bias, residual and layout moves (exact: the same bits as the reference)', () => {
  for (const [rows, n] of [[1, 1], [3, 7], [9, 128], [4, 131]] as const) {
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

  for (const [A, H, hd] of [[1, 1, 3], [5, 4, 32], [3, 2, 7]] as const) {
    it(`decodeScatterQkv and headsToRowsDecode (rows ${A}, heads ${H}, hd ${hd})`, () => {
      const S = 8;
      const step = 5;
      const slots = Int32Array.from({ length: A }, (_, i) => (i * 3 + 1) % (A + 2));
      const cache = (Math.max(...slots) + 1) * H * S * hd;
      const qkv = randomFloats(A * 3 * H * hd, A + H + hd);
      const kv0 = randomFloats(cache, 5);
      const ref = { qh: new Float32Array(A * H * hd), kOwn: kv0.slice(), vOwn: kv0.slice() };
      decodeScatterQkvRef({ qkv, ...ref, slots, A, heads: H, S, hd, step });
      const got = { qh: wasm.alloc(A * H * hd), kOwn: put(wasm, kv0), vOwn: put(wasm, kv0) };
      k.decodeScatterQkv({ qkv: put(wasm, qkv), ...got, slots, A, heads: H, S, hd, step });
      expect(Array.from(got.qh)).toEqual(Array.from(ref.qh));
      expect(Array.from(got.kOwn)).toEqual(Array.from(ref.kOwn));
      expect(Array.from(got.vOwn)).toEqual(Array.from(ref.vOwn));

      const yRef = new Float32Array(A * H * hd);
      headsToRowsDecodeRef(ref.qh, yRef, A, H, hd);
      const y = wasm.alloc(A * H * hd);
      k.headsToRowsDecode(got.qh, y, A, H, hd);
      expect(Array.from(y)).toEqual(Array.from(yRef));
      expect(() => k.decodeScatterQkv({ qkv: put(wasm, qkv), ...got, slots, A, heads: H, S, hd, step: S })).toThrow(RangeError);
    });
  }
});
