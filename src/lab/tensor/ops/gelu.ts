import type { FloatArray } from '../float-array.js';

/** GELU with the tanh approximation (GPT-2's "gelu_new"), so weights port to GPT-2 code as is. */
const C = Math.sqrt(2 / Math.PI);
const A = 0.044715;

export function geluForward(x: FloatArray, y: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i];
    y[i] = 0.5 * v * (1 + Math.tanh(C * (v + A * v * v * v)));
  }
}

/** dx = dy · gelu'(x). Overwrites dx (the MLP's hidden gradient has no other contribution). */
export function geluBackward(dy: FloatArray, x: FloatArray, dx: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i];
    const t = Math.tanh(C * (v + A * v * v * v));
    const dt = (1 - t * t) * C * (1 + 3 * A * v * v);
    dx[i] = dy[i] * (0.5 * (1 + t) + 0.5 * v * dt);
  }
}
