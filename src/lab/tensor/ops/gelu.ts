import type { FloatArray } from '../float-array.js';
import { fastTanh } from './fast-tanh.js';

/**
 * GELU with the tanh approximation (GPT-2's "gelu_new"), so weights port to GPT-2 code as is.
 * Float32 buffers use `fastTanh` (exact to float32 resolution); float64 buffers — the gradient-check
 * mode — use Math.tanh so that forward and backward are exactly consistent. Separate loops keep
 * each one monomorphic.
 */
const C = Math.sqrt(2 / Math.PI);
const A = 0.044715;

/** y = gelu(x); also stores t = tanh(√(2/π)(x + 0.044715x³)) when `tanhOut` is given (saves it in backward). */
export function geluForward(x: FloatArray, y: FloatArray, n: number, tanhOut: FloatArray | null = null): void {
  if (x instanceof Float64Array) {
    for (let i = 0; i < n; i++) {
      const v = x[i];
      const t = Math.tanh(C * (v + A * v * v * v));
      if (tanhOut !== null) tanhOut[i] = t;
      y[i] = 0.5 * v * (1 + t);
    }
    return;
  }
  if (tanhOut !== null)
    for (let i = 0; i < n; i++) {
      const v = x[i];
      const t = fastTanh(C * (v + A * v * v * v));
      tanhOut[i] = t;
      y[i] = 0.5 * v * (1 + t);
    }
  else
    for (let i = 0; i < n; i++) {
      const v = x[i];
      y[i] = 0.5 * v * (1 + fastTanh(C * (v + A * v * v * v)));
    }
}

/**
 * dx = dy · gelu'(x), with t the tanh values saved by the forward pass. Overwrites dx (the MLP's
 * hidden gradient has no other contribution); dx may alias dy.
 */
export function geluBackward(dy: FloatArray, x: FloatArray, t: FloatArray, dx: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i];
    const ti = t[i];
    const dt = (1 - ti * ti) * C * (1 + 3 * A * v * v);
    dx[i] = dy[i] * (0.5 * (1 + ti) + 0.5 * v * dt);
  }
}
