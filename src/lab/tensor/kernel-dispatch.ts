/**
 * The model's non-matmul kernels as it calls them: the engine's fast kernels when its backend has
 * them (float32 on the wasm backend), else the plain-TypeScript reference (reference backend,
 * OpenBLAS, float64 gradient-check mode). `as Float32Array` holds because a float32 engine's
 * buffers all come from its backend's `alloc`.
 */
import type { Engine } from './engine.js';
import type { FloatArray } from './float-array.js';
import { accumulateColumnSums, rowsPlusBias } from './ops/bias.js';
import { decodeAttentionRef, type DecodeAttentionRefArgs } from './ops/decode-attention.js';
import { geluBackward, geluForward } from './ops/gelu.js';
import { layerNormBackward, layerNormForward } from './ops/layer-norm.js';
import type { PackedMatrix } from './packed-gemm.js';

type F = Float32Array;

export function geluForwardOn(engine: Engine, x: FloatArray, y: FloatArray, n: number, tanhOut: FloatArray | null): void {
  const k = engine.kernels;
  if (k) k.geluForward(x as F, y as F, n, tanhOut as F | null);
  else geluForward(x, y, n, tanhOut);
}

export function geluBackwardOn(engine: Engine, dy: FloatArray, x: FloatArray, t: FloatArray, dx: FloatArray, n: number): void {
  const k = engine.kernels;
  if (k) k.geluBackward(dy as F, x as F, t as F, dx as F, n);
  else geluBackward(dy, x, t, dx, n);
}

export function layerNormForwardOn(
  engine: Engine,
  x: FloatArray,
  gamma: FloatArray,
  beta: FloatArray,
  y: FloatArray,
  mean: FloatArray,
  rstd: FloatArray,
  rows: number,
  d: number,
): void {
  const k = engine.kernels;
  if (k) k.layerNormForward(x as F, gamma as F, beta as F, y as F, mean as F, rstd as F, rows, d);
  else layerNormForward(x, gamma, beta, y, mean, rstd, rows, d);
}

export function layerNormBackwardOn(
  engine: Engine,
  dy: FloatArray,
  x: FloatArray,
  gamma: FloatArray,
  mean: FloatArray,
  rstd: FloatArray,
  dx: FloatArray,
  dGamma: FloatArray,
  dBeta: FloatArray,
  rows: number,
  d: number,
): void {
  const k = engine.kernels;
  if (k) k.layerNormBackward(dy as F, x as F, gamma as F, mean as F, rstd as F, dx as F, dGamma as F, dBeta as F, rows, d);
  else layerNormBackward(dy, x, gamma, mean, rstd, dx, dGamma, dBeta, rows, d);
}

/** One KV-cache decode step of attention for a run of rows (see FastKernels.decodeAttention). */
export function decodeAttentionOn(engine: Engine, a: DecodeAttentionRefArgs): void {
  const k = engine.kernels;
  if (k) k.decodeAttention(a as Parameters<typeof k.decodeAttention>[0]);
  else decodeAttentionRef(a);
}

/**
 * C (M×N) (+)= A · op(W) for a weight matrix W (K×N, or N×K when transB): through W's pre-packed
 * panels when given (and the backend has packed products — bit-identical to its gemm), else gemm.
 */
export function weightGemmOn(
  engine: Engine,
  transB: boolean,
  M: number,
  N: number,
  K: number,
  A: FloatArray,
  W: FloatArray,
  packed: PackedMatrix | undefined,
  C: FloatArray,
  accumulate: boolean,
): void {
  const pg = engine.packedGemm;
  if (packed !== undefined && pg !== undefined) pg.gemm(M, A as F, packed, C as F, accumulate);
  else engine.gemm(false, transB, M, N, K, A, W, C, accumulate);
}

/** out = x + bias per row (bias alone when x is null): a gemm's starting value before it accumulates. */
export function rowsPlusBiasOn(engine: Engine, x: FloatArray | null, bias: FloatArray, out: FloatArray, rows: number, n: number): void {
  const k = engine.kernels;
  if (k) k.rowsPlusBias(x as F | null, bias as F, out as F, rows, n);
  else rowsPlusBias(x, bias, out, rows, n);
}

export function columnSumsOn(engine: Engine, dy: FloatArray, db: FloatArray, rows: number, n: number): void {
  const k = engine.kernels;
  if (k) k.columnSums(dy as F, db as F, rows, n);
  else accumulateColumnSums(dy, db, rows, n);
}
