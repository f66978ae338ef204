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
