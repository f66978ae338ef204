// Checks every FastKernels implementation (the wasm module, the OpenBLAS addon) must pass against
// the plain-TypeScript references, shared so each backend's test states only what differs.
import { expect } from 'vitest';
import type { ComputeBackend } from '../../../src/lab/tensor/backend.js';
import type { FastKernels } from '../../../src/lab/tensor/kernels.js';
import { geluBackward, geluForward } from '../../../src/lab/tensor/ops/gelu.js';
import { put, randomFloats, scaled, worstRel } from './backends-oracle.js';

/**
 * GELU forward (with and without the saved tanh) and backward, including dx aliasing dy, against
 * the reference on the given sizes. `withoutSavedTanh`: how close the forward without a tanh buffer
 * must be to the one with it — `exact` (same bits) or a relative bound.
 */
export function expectGeluMatchesReference(backend: ComputeBackend, k: FastKernels, sizes: readonly number[], withoutSavedTanh: 'exact' | number): void {
  for (const n of sizes) {
    const x = scaled(randomFloats(n, n), 6); // reaches the tanh clamp too
    const y = backend.alloc(n);
    const t = backend.alloc(n);
    const y2 = backend.alloc(n);
    k.geluForward(put(backend, x), y, n, t);
    k.geluForward(put(backend, x), y2, n, null);
    const yRef = new Float32Array(n);
    const tRef = new Float32Array(n);
    geluForward(x, yRef, n, tRef);
    expect(worstRel(y, yRef, n), `forward n=${n}`).toBeLessThan(2e-6);
    expect(worstRel(t, tRef, n), `tanh n=${n}`).toBeLessThan(2e-6);
    if (withoutSavedTanh === 'exact') expect(Array.from(y2)).toEqual(Array.from(y));
    else expect(worstRel(y2, y, n), `no saved tanh n=${n}`).toBeLessThan(withoutSavedTanh);

    const dy = randomFloats(n, 100 + n);
    const dxRef = new Float32Array(n);
    geluBackward(dy, x, tRef, dxRef, n);
    const dx = backend.alloc(n);
    k.geluBackward(put(backend, dy), put(backend, x), put(backend, tRef), dx, n);
    expect(worstRel(dx, dxRef, n), `backward n=${n}`).toBeLessThan(2e-6);
    const inPlace = put(backend, dy); // dx may alias dy
    k.geluBackward(inPlace, put(backend, x), put(backend, tRef), inPlace, n);
    expect(Array.from(inPlace)).toEqual(Array.from(dx));
  }
}

/** A model's gradients against the float64 model's, per parameter tensor: relative L2 error below `tol`. */
export function expectGradientsClose(
  f32: { grads: ArrayLike<number>; layout: { specs: readonly { name: string; offset: number; size: number }[] } },
  f64: { grads: ArrayLike<number> },
  tol: number,
): void {
  for (const spec of f32.layout.specs) {
    let diff = 0;
    let norm = 0;
    for (let i = spec.offset; i < spec.offset + spec.size; i++) {
      diff += (f32.grads[i] - f64.grads[i]) ** 2;
      norm += f64.grads[i] ** 2;
    }
    expect(Math.sqrt(diff / Math.max(norm, 1e-12)), spec.name).toBeLessThan(tol);
  }
}
