/**
 * The OpenBLAS backend's kernels: its own C kernels (kernels.c, attention.c — auto-vectorized,
 * AVX-512/AVX2 picked at load time) for everything a training step runs, the wasm module's
 * 128-bit SIMD ones for the rest (the sampler's decode kernels).
 *
 * Measured on the lab's reference model (d128 L4, batch 64×64, Zen 5): GELU forward 14.9 ms per
 * training step in wasm; column sums 9.1 ms; layer norm 230 µs per 4096 × 128 call in wasm against
 * 100 µs here; AdamW 3.5 ms per step in JavaScript against 0.16 ms; the JavaScript per-(sequence,
 * head) attention loop with its softmaxes and head split/merge ≈ 15 % of a step next to OpenBLAS
 * matmuls.
 */
import type { AttentionKernels } from '../attention-kernels.js';
import type { FastKernels } from '../kernels.js';
import type { OptimizerKernels } from '../optimizer-kernels.js';
import type { OpenblasKernelExports } from './addon-api.js';

/**
 * `base` with GELU, layer norm, bias rows and column sums replaced by the native ones. Every other
 * method of `base` — whatever FastKernels holds now or later — is forwarded bound to `base`, so it
 * runs unchanged.
 */
export function withNativeKernels(base: FastKernels, addon: OpenblasKernelExports): FastKernels {
  const forwarded: Record<string, unknown> = {};
  const source = base as unknown as Record<string, unknown>;
  for (let o: object | null = base; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const name of Object.getOwnPropertyNames(o)) {
      const method = source[name];
      if (name !== 'constructor' && !(name in forwarded) && typeof method === 'function') forwarded[name] = method.bind(base);
    }
  }
  const overrides: Pick<FastKernels, 'geluForward' | 'geluBackward' | 'columnSums' | 'layerNormForward' | 'layerNormBackward' | 'rowsPlusBias'> = {
    geluForward: (x, y, n, tanhOut) => addon.geluForward(x, y, n, tanhOut),
    geluBackward: (dy, x, t, dx, n) => addon.geluBackward(dy, x, t, dx, n),
    columnSums: (dy, db, rows, n) => addon.columnSums(dy, db, rows, n),
    layerNormForward: (x, g, b, y, mean, rstd, rows, d) => addon.layerNormForward(x, g, b, y, mean, rstd, rows, d),
    layerNormBackward: (dy, x, g, mean, rstd, dx, dg, db, rows, d) => addon.layerNormBackward(dy, x, g, mean, rstd, dx, dg, db, rows, d),
    rowsPlusBias: (x, bias, out, rows, n) => addon.rowsPlusBias(x, bias, out, rows, n),
  };
  return Object.assign(forwarded, overrides) as unknown as FastKernels;
}

export function nativeAttention(addon: OpenblasKernelExports): AttentionKernels {
  return {
    forward: (s, qkv, q, k, v, att, y) => addon.attentionForward(s.lengths, s.B, s.T, s.H, s.hd, s.scale, qkv, q, k, v, att, y),
    backward: (s, q, k, v, att, dy, dqkv) => addon.attentionBackward(s.lengths, s.B, s.T, s.H, s.hd, s.scale, q, k, v, att, dy, dqkv),
  };
}

export function nativeOptimizer(addon: OpenblasKernelExports): OptimizerKernels {
  return {
    adamw: (p, g, m, v, n, c) => addon.adamw(p, g, m, v, n, c.beta1, c.beta2, c.eps, c.stepSize, c.bc2Sqrt, c.shrink),
  };
}
