/**
 * Does a backend compute each row of C the same alone as inside a larger call? The lab's sampler
 * needs it (sample i of a batch must reproduce on its own); the wasm and reference kernels guarantee
 * it (tested), OpenBLAS does not — which is why getBackend('auto') never picks OpenBLAS.
 * For each shape, C = op(A)·B is computed once; then rows i … i+m-1 are recomputed in a call of M = m
 * and compared bit for bit.
 *
 *   npm run build && npm run build:openblas && npx vite-node bench/lab-row-invariance.ts [wasm|reference|openblas]
 */
import { getBackend, type BackendChoice } from '../src/lab/tensor/select-backend.js';

const backend = getBackend((process.argv[2] ?? 'openblas') as BackendChoice, {});
let seed = 1;
const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32 - 0.5;
/** A backend buffer (for wasm: in its memory) of random values. */
function filled(length: number): Float32Array {
  const x = backend.alloc(length);
  for (let i = 0; i < length; i++) x[i] = random();
  return x;
}
let differ = 0;
let total = 0;
const SHAPES = [
  [256, 384, 128],
  [256, 32, 128],
  [64, 512, 128],
  [256, 128, 512],
  [37, 70, 45],
  [2048, 128, 512],
];
for (const [M, N, K] of SHAPES) {
  for (const transB of [false, true]) {
    const A = filled(M * K);
    const B = filled(K * N);
    const C = backend.alloc(M * N);
    backend.sgemm(false, transB, M, N, K, A, B, C, false);
    for (const i of [0, 1, M >> 1, M - 1]) {
      for (const m of [1, 2, 7]) {
        if (i + m > M) continue;
        const part = backend.alloc(m * N);
        backend.sgemm(false, transB, m, N, K, A.subarray(i * K, (i + m) * K), B, part, false);
        total++;
        if (part.some((x, j) => x !== C[i * N + j])) differ++;
      }
    }
  }
}
const extra = 'corename' in backend ? ` (${String(backend.corename)} kernels)` : '';
console.log(`${backend.name}${extra}: ${differ} of ${total} rows-alone checks differ from the batched result`);
