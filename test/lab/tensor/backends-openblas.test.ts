import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../src/errors.js';
import { createOpenblasBackend, type OpenblasBackend } from '../../../src/lab/tensor/openblas/openblas-backend.js';
import { createWasmBackend, type WasmBackend } from '../../../src/lab/tensor/wasm/wasm-backend.js';
import { repoRoot } from '../../helpers/cli.js';
import { naive, put, randomFloats, SIZES, tag, VARIANTS, worstErrorRatio } from './backends-oracle.js';

// The optional native backend, built here from the project's C source against the system OpenBLAS
// (CI installs libopenblas-dev for this test; the product never needs it).
let dir: string;
let blas: OpenblasBackend;
let wasm: WasmBackend;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'rlbound-openblas-'));
  const addonFile = path.join(dir, 'rlbound_openblas.node');
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-openblas.mjs'), '--out', addonFile], { stdio: 'pipe' });
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-wasm.mjs'), '--out', path.join(dir, 'sgemm.wasm')], { stdio: 'pipe' });
  blas = createOpenblasBackend({ addonFile });
  wasm = createWasmBackend({ wasmFile: path.join(dir, 'sgemm.wasm') });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openblas backend (optional native addon)', () => {
  it('loads and reports the OpenBLAS kernel family it runs', () => {
    expect(blas.name).toBe('openblas');
    expect(blas.config).toMatch(/OpenBLAS/);
    expect(blas.corename.length).toBeGreaterThan(0);
  });

  for (const [ta, tb] of VARIANTS) {
    it(`${tag(ta, tb)}: matches the float64 reference and the wasm kernel on odd shapes, accumulate off and on`, () => {
      let seed = 100;
      for (const [M, N, K] of SIZES) {
        const A = randomFloats(M * K, seed++);
        const B = randomFloats(K * N, seed++);
        const C0 = randomFloats(M * N, seed++);
        for (const accumulate of [false, true]) {
          const c = C0.slice();
          blas.sgemm(ta, tb, M, N, K, A, B, c, accumulate);
          const where = `${tag(ta, tb)} M=${M} N=${N} K=${K} accumulate=${accumulate}`;
          expect(worstErrorRatio(c, naive(ta, tb, M, N, K, A, B, accumulate ? C0 : null), K), where).toBeLessThanOrEqual(1);
          const w = put(wasm, C0);
          wasm.sgemm(ta, tb, M, N, K, put(wasm, A), put(wasm, B), w, accumulate);
          let diff = 0;
          for (let i = 0; i < M * N; i++) diff = Math.max(diff, Math.abs(c[i] - w[i]));
          expect(diff, where).toBeLessThan(1e-4);
        }
      }
    });
  }

  it('accepts views of the wasm heap (SharedArrayBuffer-backed) as operands', () => {
    const [M, N, K] = [33, 20, 17];
    const A = put(wasm, randomFloats(M * K, 1));
    const B = put(wasm, randomFloats(K * N, 2));
    const c = wasm.alloc(M * N);
    blas.sgemm(false, false, M, N, K, A, B, c, false);
    expect(worstErrorRatio(c, naive(false, false, M, N, K, A, B, null), K)).toBeLessThanOrEqual(1);
  });

  it('rejects short buffers before they reach native code', () => {
    expect(() => blas.sgemm(false, false, 4, 4, 4, new Float32Array(15), new Float32Array(16), new Float32Array(16), false)).toThrow(/A has 15/);
  });

  it('is an environment problem, not a crash, when the addon is missing', () => {
    expect(() => createOpenblasBackend({ addonFile: path.join(dir, 'missing.node') })).toThrow(EnvironmentError);
  });
});
