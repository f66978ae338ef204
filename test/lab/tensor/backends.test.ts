import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentError, InputError } from '../../../src/errors.js';
import { referenceBackend } from '../../../src/lab/tensor/reference-backend.js';
import { getBackend, resolveChoice } from '../../../src/lab/tensor/select-backend.js';
import { createWasmBackend, type WasmBackend } from '../../../src/lab/tensor/wasm/wasm-backend.js';
import { repoRoot } from '../../helpers/cli.js';
import { naive, put, randomFloats, SIZES, tag, VARIANTS, worstErrorRatio } from './backends-oracle.js';

let wasm: WasmBackend;

beforeAll(() => {
  // Build the kernel from source exactly as `npm run build` does (atomic write into dist/).
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-wasm.mjs')], { stdio: 'pipe' });
  wasm = createWasmBackend();
});

describe('wasm-simd sgemm against a float64 reference', () => {
  for (const [ta, tb] of VARIANTS) {
    it(`${tag(ta, tb)}: random shapes with odd sizes, accumulate off and on`, () => {
      let seed = 1;
      for (const [M, N, K] of SIZES) {
        const A = randomFloats(M * K, seed++);
        const B = randomFloats(K * N, seed++);
        const C0 = randomFloats(M * N, seed++);
        for (const accumulate of [false, true]) {
          const a = put(wasm, A);
          const b = put(wasm, B);
          const c = put(wasm, C0);
          wasm.sgemm(ta, tb, M, N, K, a, b, c, accumulate);
          const ratio = worstErrorRatio(c, naive(ta, tb, M, N, K, A, B, accumulate ? C0 : null), K);
          expect(ratio, `${tag(ta, tb)} M=${M} N=${N} K=${K} accumulate=${accumulate}`).toBeLessThanOrEqual(1);
        }
      }
    });
  }

  it('agrees with the plain-TypeScript reference backend on the lab shapes', () => {
    for (const [ta, tb] of VARIANTS) {
      const [M, N, K] = [256, 384, 128];
      const A = randomFloats(M * K, 7);
      const B = randomFloats(K * N, 8);
      const ref = new Float32Array(M * N);
      referenceBackend.sgemm(ta, tb, M, N, K, A, B, ref, false);
      const c = wasm.alloc(M * N);
      wasm.sgemm(ta, tb, M, N, K, put(wasm, A), put(wasm, B), c, false);
      let worst = 0;
      for (let i = 0; i < M * N; i++) worst = Math.max(worst, Math.abs(c[i] - ref[i]));
      expect(worst, tag(ta, tb)).toBeLessThan(2e-5);
    }
  });

  it('gives bit-identical results for buffers from alloc and for ordinary Float32Arrays', () => {
    for (const [ta, tb] of VARIANTS) {
      for (const [M, N, K] of [
        [17, 65, 3],
        [1, 130, 65],
        [64, 33, 130],
      ] as const) {
        const A = randomFloats(M * K, 11);
        const B = randomFloats(K * N, 12);
        const C0 = randomFloats(M * N, 13);
        for (const accumulate of [false, true]) {
          const inWasm = put(wasm, C0);
          wasm.sgemm(ta, tb, M, N, K, put(wasm, A), put(wasm, B), inWasm, accumulate);
          const foreign = C0.slice();
          wasm.sgemm(ta, tb, M, N, K, A.slice(), B.slice(), foreign, accumulate);
          expect(Array.from(foreign)).toEqual(Array.from(inWasm));
          // Mixed: wasm inputs, foreign output.
          const mixed = C0.slice();
          wasm.sgemm(ta, tb, M, N, K, put(wasm, A), B.slice(), mixed, accumulate);
          expect(Array.from(mixed)).toEqual(Array.from(inWasm));
        }
      }
    }
  });

  it('computes each row bit-for-bit the same alone (M = 1) as inside a batch', () => {
    for (const [ta, tb] of VARIANTS) {
      const [M, N, K] = [37, 70, 45];
      const A = randomFloats(M * K, 21);
      const B = put(wasm, randomFloats(K * N, 22));
      const C0 = randomFloats(M * N, 23);
      for (const accumulate of [false, true]) {
        const batch = put(wasm, C0);
        wasm.sgemm(ta, tb, M, N, K, put(wasm, A), B, batch, accumulate);
        for (const i of [0, 1, 17, 36]) {
          const row = wasm.alloc(K);
          for (let k = 0; k < K; k++) row[k] = ta ? A[k * M + i] : A[i * K + k];
          const alone = put(wasm, C0.subarray(i * N, (i + 1) * N));
          // A single row is the same matrix whether read as 1×K or transposed K×1.
          wasm.sgemm(ta, tb, 1, N, K, row, B, alone, accumulate);
          expect(Array.from(alone), `${tag(ta, tb)} row ${i}`).toEqual(Array.from(batch.subarray(i * N, (i + 1) * N)));
        }
      }
    }
  });

  it('handles empty dimensions: K = 0 clears C (or leaves it when accumulating), M = 0 is a no-op', () => {
    const c = put(wasm, new Float32Array([1, 2, 3, 4, 5, 6]));
    wasm.sgemm(false, false, 2, 3, 0, wasm.alloc(0), wasm.alloc(0), c, true);
    expect(Array.from(c)).toEqual([1, 2, 3, 4, 5, 6]);
    wasm.sgemm(false, false, 2, 3, 0, wasm.alloc(0), wasm.alloc(0), c, false);
    expect(Array.from(c)).toEqual([0, 0, 0, 0, 0, 0]);
    c.fill(9);
    wasm.sgemm(false, false, 0, 3, 4, wasm.alloc(0), wasm.alloc(12), c, false);
    expect(Array.from(c)).toEqual([9, 9, 9, 9, 9, 9]);
  });
});

describe('wasm-simd memory', () => {
  it('hands out zero-filled views that stay valid and shared with the kernel after the memory grows', () => {
    const backend = createWasmBackend();
    const a = backend.alloc(4 * 3);
    const b = backend.alloc(3 * 2);
    expect(a.every((x) => x === 0)).toBe(true);
    a.set(randomFloats(12, 31));
    b.set(randomFloats(6, 32));
    const before = backend.bytesInUse();
    // Far beyond the initial 1 MiB memory: forces several growths.
    const big = backend.alloc(16 * 2 ** 20);
    expect(big.length).toBe(16 * 2 ** 20);
    expect(big[big.length - 1]).toBe(0);
    expect(backend.bytesInUse()).toBeGreaterThan(before + 64 * 2 ** 20 - 1);
    // The old views still read and write the same memory the kernel uses.
    expect(a.length).toBe(12);
    const c = backend.alloc(4 * 2);
    backend.sgemm(false, false, 4, 2, 3, a, b, c, false);
    const ref = naive(false, false, 4, 2, 3, a, b, null);
    expect(worstErrorRatio(c, ref, 3)).toBeLessThanOrEqual(1);
    a[0] += 1;
    backend.sgemm(false, false, 4, 2, 3, a, b, c, false);
    expect(c[0]).toBeCloseTo(ref.value[0] + b[0], 5);
  });

  it('rejects short buffers, bad sizes and outputs that alias inputs', () => {
    const x = wasm.alloc(64);
    expect(() => wasm.sgemm(false, false, 4, 4, 4, wasm.alloc(15), x.subarray(0, 16), wasm.alloc(16), false)).toThrow(/A has 15 elements/);
    expect(() => wasm.sgemm(false, false, 4, 4, 4, wasm.alloc(16), wasm.alloc(16), new Float32Array(3), false)).toThrow(/C has 3 elements/);
    expect(() => wasm.sgemm(false, false, 2.5, 4, 4, x, x, x, false)).toThrow(RangeError);
    expect(() => wasm.sgemm(false, false, 4, 4, 4, x.subarray(0, 16), x.subarray(16, 32), x.subarray(8, 24), false)).toThrow(/C overlaps A/);
    const plain = new Float32Array(32);
    expect(() => wasm.sgemm(false, false, 4, 4, 4, wasm.alloc(16), plain.subarray(0, 16), plain.subarray(8, 24), false)).toThrow(/C overlaps B/);
    expect(() => wasm.alloc(-1)).toThrow(RangeError);
  });
});

describe('getBackend', () => {
  it('defaults to the wasm kernel when it is built, and RLBOUND_BACKEND overrides auto', () => {
    expect(getBackend('auto', {}).name).toBe('wasm-simd');
    expect(getBackend('auto', {})).toBe(getBackend('wasm', {}));
    expect(getBackend('auto', { RLBOUND_BACKEND: 'reference' })).toBe(referenceBackend);
    expect(getBackend('reference', { RLBOUND_BACKEND: 'wasm' })).toBe(referenceBackend);
    expect(resolveChoice('auto', { RLBOUND_BACKEND: 'openblas' })).toBe('openblas');
  });

  it('names the variable or argument when the choice is unknown', () => {
    expect(() => getBackend('auto', { RLBOUND_BACKEND: 'cuda' })).toThrow(InputError);
    expect(() => getBackend('auto', { RLBOUND_BACKEND: 'cuda' })).toThrow(/RLBOUND_BACKEND.*cuda/);
    expect(() => getBackend('gpu' as never, {})).toThrow(/unknown compute backend "gpu"/);
  });

  it('reports a missing wasm build as an environment problem', () => {
    expect(() => createWasmBackend({ wasmFile: path.join(repoRoot, 'no-such-dir', 'sgemm.wasm') })).toThrow(EnvironmentError);
  });
});
