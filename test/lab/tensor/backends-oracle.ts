// Shared by the backend parity tests: seeded inputs, a float64 oracle and the float32 error bound.
import type { ComputeBackend } from '../../../src/lab/tensor/backend.js';

/** Deterministic uniform floats in [-1, 1) (mulberry32). */
export function randomFloats(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** float64 op(A)·op(B) (+ C0), and Σ|a·b| (+|C0|) per entry for the error bound. */
export function naive(ta: boolean, tb: boolean, M: number, N: number, K: number, A: Float32Array, B: Float32Array, C0: Float32Array | null) {
  const value = new Float64Array(M * N);
  const magnitude = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = C0 ? C0[i * N + j] : 0;
      let m = C0 ? Math.abs(C0[i * N + j]) : 0;
      for (let k = 0; k < K; k++) {
        const p = (ta ? A[k * M + i] : A[i * K + k]) * (tb ? B[j * K + k] : B[k * N + j]);
        s += p;
        m += Math.abs(p);
      }
      value[i * N + j] = s;
      magnitude[i * N + j] = m;
    }
  }
  return { value, magnitude };
}

/** Largest |error| / bound, where bound is the float32 recursive-summation bound (K+2)·u·Σ|terms|. */
export function worstErrorRatio(got: Float32Array, ref: { value: Float64Array; magnitude: Float64Array }, K: number): number {
  const u = 2 ** -24;
  let worst = 0;
  for (let i = 0; i < ref.value.length; i++) {
    const bound = (K + 2) * u * ref.magnitude[i] + 1e-30;
    worst = Math.max(worst, Math.abs(got[i] - ref.value[i]) / bound);
  }
  return worst;
}

export function put(backend: ComputeBackend, data: Float32Array): Float32Array {
  const x = backend.alloc(data.length);
  x.set(data);
  return x;
}

export const SIZES: Array<[number, number, number]> = [
  [1, 1, 1],
  [1, 17, 3],
  [3, 1, 17],
  [17, 65, 3],
  [65, 3, 130],
  [2, 130, 65],
  [130, 17, 1],
  [1, 130, 65],
  [64, 128, 64],
  [33, 48, 7],
];
export const VARIANTS: Array<[boolean, boolean]> = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];
export const tag = (ta: boolean, tb: boolean) => `${ta ? 'T' : 'N'}${tb ? 'T' : 'N'}`;

/** max |a − b| / (1 + |b|) over the first n entries. */
export function worstRel(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number {
  let w = 0;
  for (let i = 0; i < n; i++) w = Math.max(w, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return w;
}

export const scaled = (x: Float32Array, s: number): Float32Array => x.map((v) => v * s);
