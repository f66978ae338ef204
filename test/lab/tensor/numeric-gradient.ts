import { expect } from 'vitest';
import { Rng } from '../../../src/lab/tensor/rng.js';

/** Central-difference derivative of `loss` w.r.t. x[i] (float64 throughout). */
export function numericGradient(loss: () => number, x: Float64Array, i: number, eps = 1e-6): number {
  const old = x[i];
  x[i] = old + eps;
  const up = loss();
  x[i] = old - eps;
  const down = loss();
  x[i] = old;
  return (up - down) / (2 * eps);
}

export function randomArray(rng: Rng, n: number, scale = 1): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.normal() * scale;
  return a;
}

/** Largest |analytic − numeric| relative to max(1e-3, |numeric|) over all entries of x. */
export function maxRelativeError(loss: () => number, x: Float64Array, analytic: ArrayLike<number>, eps = 1e-6): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const num = numericGradient(loss, x, i, eps);
    const err = Math.abs(analytic[i] - num) / Math.max(1e-3, Math.abs(num));
    if (err > worst) worst = err;
  }
  return worst;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Every parameter tensor's analytic gradient against central differences of `loss`, the error
 * measured against the tensor's largest gradient entry (so tiny entries, where central differences
 * have only a few significant digits, do not dominate): each must be below `tol`, and no tensor's
 * gradient may vanish.
 */
export function expectTensorGradientsMatchNumeric(
  loss: () => number,
  params: Float64Array,
  analytic: ArrayLike<number>,
  specs: readonly { name: string; offset: number; size: number }[],
  options: { eps: number; tol: number },
): void {
  for (const spec of specs) {
    let worstAbs = 0;
    let largest = 0;
    for (let i = spec.offset; i < spec.offset + spec.size; i++) {
      const num = numericGradient(loss, params, i, options.eps);
      worstAbs = Math.max(worstAbs, Math.abs(num - analytic[i]));
      largest = Math.max(largest, Math.abs(num));
    }
    expect(largest, `${spec.name} gradient should not vanish`).toBeGreaterThan(1e-3);
    expect(worstAbs / largest, spec.name).toBeLessThan(options.tol);
  }
}
