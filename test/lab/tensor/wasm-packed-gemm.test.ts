// The wasm backend's pre-packed-B products (the KV-cache decoder's weight gemms): the same bits as
// its sgemm with the same B, for every M — a sample must not depend on whether its weights were
// pre-packed — plus the snapshot semantics and the argument checks.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PackedGemm } from '../../../src/lab/tensor/packed-gemm.js';
import { createWasmBackend, type WasmBackend } from '../../../src/lab/tensor/wasm/wasm-backend.js';
import { repoRoot } from '../../helpers/cli.js';
import { put, randomFloats } from './backends-oracle.js';

let wasm: WasmBackend;
let packed: PackedGemm;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-wasm.mjs')], { stdio: 'pipe' });
  wasm = createWasmBackend();
  if (wasm.packedGemm === undefined) throw new Error('the built wasm module has no pre-packed products');
  packed = wasm.packedGemm;
});

describe('wasm pre-packed B', () => {
  // M = 1 (one decoding row: sgemm takes its unpacked single-row path), odd M, edge panels (N % 16).
  const shapes: Array<[number, number, number]> = [
    [1, 1, 1],
    [1, 384, 128],
    [1, 17, 5],
    [2, 16, 3],
    [3, 40, 17],
    [64, 512, 128],
    [65, 128, 512],
    [7, 32, 128],
  ];
  for (const [M, N, K] of shapes)
    for (const transB of [false, true])
      it(`gives sgemm's bits (M ${M}, N ${N}, K ${K}, ${transB ? 'Bᵀ' : 'B'})`, () => {
        const A = put(wasm, randomFloats(M * K, M + N + K));
        const B = put(wasm, randomFloats(K * N, 3 * K + N));
        const C0 = randomFloats(M * N, 7 * M + 1);
        const p = packed.create(N, K);
        packed.pack(transB, B, p);
        for (const accumulate of [false, true]) {
          const want = put(wasm, C0);
          wasm.sgemm(false, transB, M, N, K, A, B, want, accumulate);
          const got = put(wasm, C0);
          packed.gemm(M, A, p, got, accumulate);
          expect(Array.from(got), `accumulate ${accumulate}`).toEqual(Array.from(want));
        }
      });

  it('is a snapshot: a later change to B is seen only after packing again', () => {
    const [M, N, K] = [3, 20, 9];
    const A = put(wasm, randomFloats(M * K, 1));
    const B = put(wasm, randomFloats(K * N, 2));
    const p = packed.create(N, K);
    packed.pack(false, B, p);
    const before = wasm.alloc(M * N);
    packed.gemm(M, A, p, before, false);
    B[5] += 1;
    const stale = wasm.alloc(M * N);
    packed.gemm(M, A, p, stale, false);
    expect(Array.from(stale)).toEqual(Array.from(before));
    packed.pack(false, B, p);
    const fresh = wasm.alloc(M * N);
    packed.gemm(M, A, p, fresh, false);
    const want = wasm.alloc(M * N);
    wasm.sgemm(false, false, M, N, K, A, B, want, false);
    expect(Array.from(fresh)).toEqual(Array.from(want));
    expect(Array.from(fresh)).not.toEqual(Array.from(before));
  });

  it('rejects foreign buffers, another backend’s packed matrix, short operands and C overlapping A', () => {
    const p = packed.create(8, 4);
    const other = createWasmBackend();
    expect(() => packed.pack(false, new Float32Array(32), p)).toThrow(/not a buffer of this backend/);
    expect(() => packed.pack(false, wasm.alloc(31), p)).toThrow(RangeError);
    expect(() => packed.gemm(2, wasm.alloc(8), other.packedGemm!.create(8, 4), wasm.alloc(16), false)).toThrow(/not created by this backend/);
    expect(() => packed.gemm(2, new Float32Array(8), p, wasm.alloc(16), false)).toThrow(/must be buffers of this backend/);
    expect(() => packed.gemm(2, wasm.alloc(7), p, wasm.alloc(16), false)).toThrow(/A has 7 elements/);
    expect(() => packed.gemm(2, wasm.alloc(8), p, wasm.alloc(15), false)).toThrow(/C has 15 elements/);
    const shared = wasm.alloc(24);
    expect(() => packed.gemm(2, shared.subarray(0, 8), p, shared.subarray(4, 20), false)).toThrow(/overlaps A/);
    expect(() => packed.create(0, 4)).toThrow(RangeError);
  });
});
