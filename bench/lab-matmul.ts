/**
 * Matmul throughput of the lab's compute backends on the shapes of cpu-backends.md:
 *   up (2048×128)·(128×512), down (2048×512)·(512×128), dec1 (1×128)·(128×384) called repeatedly,
 *   dec256 (256×128)·(128×384)
 * in all four transposition variants (the backward pass uses NT and TN), for the plain-TS
 * reference, the wasm SIMD kernel and — when built — the OpenBLAS addon.
 *
 * Each cell: warm-up (≥ 0.4 s, so V8 tiers the wasm up), then ROUNDS timed rounds of ≥ 60 ms each;
 * best and median GFLOP/s over the rounds, and the best as a share of one core's fp32 peak
 * (218 GFLOP/s: Zen 5, 2×512-bit FMA at ~3.4 GHz). Single-threaded throughout. On a shared machine
 * wall-clock rates fall with the load, so the rate per CPU-second of this process (process.cpuUsage)
 * is reported too: it excludes time the process was not running, though not slow-downs from
 * sharing caches or a core.
 *
 *   npm run build && flock /tmp/bench.lock npx vite-node bench/lab-matmul.ts [--quick]
 */
import os from 'node:os';
import type { ComputeBackend } from '../src/lab/tensor/backend.js';
import { getBackend, type BackendChoice } from '../src/lab/tensor/select-backend.js';

const PEAK_PER_CORE = 218;
const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 9;
const ROUND_MS = quick ? 30 : 60;
const WARMUP_MS = quick ? 150 : 400;

const SHAPES: Array<{ name: string; M: number; N: number; K: number }> = [
  { name: 'up', M: 2048, N: 512, K: 128 },
  { name: 'down', M: 2048, N: 128, K: 512 },
  { name: 'dec1', M: 1, N: 384, K: 128 },
  { name: 'dec256', M: 256, N: 384, K: 128 },
];
const VARIANTS: Array<[boolean, boolean]> = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];

interface Cell {
  backend: string;
  shape: string;
  variant: string;
  best: number;
  median: number;
  microsPerCall: number;
  /** Best and median GFLOP per CPU-second of this process. */
  cpuBest: number;
  cpuMedian: number;
}

function measure(backend: ComputeBackend, M: number, N: number, K: number, ta: boolean, tb: boolean): Omit<Cell, 'backend' | 'shape' | 'variant'> {
  const A = backend.alloc(M * K);
  const B = backend.alloc(K * N);
  const C = backend.alloc(M * N);
  for (let i = 0; i < A.length; i++) A[i] = ((i * 7919) % 1000) / 1000 - 0.5;
  for (let i = 0; i < B.length; i++) B[i] = ((i * 104729) % 1000) / 1000 - 0.5;
  const flop = 2 * M * N * K;
  const call = () => backend.sgemm(ta, tb, M, N, K, A, B, C, false);
  let t0 = performance.now();
  let calls = 0;
  while (performance.now() - t0 < WARMUP_MS) {
    call();
    calls++;
  }
  const perCallMs = (performance.now() - t0) / calls;
  const reps = Math.max(1, Math.ceil(ROUND_MS / perCallMs));
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const cpu0 = process.cpuUsage();
    t0 = performance.now();
    for (let i = 0; i < reps; i++) call();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    rates.push((flop * reps) / (ms * 1e6));
    cpuRates.push((flop * reps) / ((cpu.user + cpu.system) * 1e3));
  }
  const mid = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const best = Math.max(...rates);
  return { best, median: mid(rates), microsPerCall: flop / best / 1e3, cpuBest: Math.max(...cpuRates), cpuMedian: mid(cpuRates) };
}

function available(choice: BackendChoice): ComputeBackend | undefined {
  try {
    return getBackend(choice, {});
  } catch (error) {
    console.error(`(${choice} backend not available: ${(error as Error).message})`);
    return undefined;
  }
}

const backends = (['reference', 'wasm', 'openblas'] as const).map((choice) => available(choice)).filter((b): b is ComputeBackend => b !== undefined);

console.log(`# lab matmul — ${new Date().toISOString()}, ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} vCPU, node ${process.version}`);
console.log(
  `# load average at start: ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; ${ROUNDS} rounds of ≥${ROUND_MS} ms per cell`,
);
console.log('| backend | shape | variant | best GFLOP/s | median GFLOP/s | best / 218 per-core peak | µs per call (best) | GFLOP per CPU-s (best / median) |');
console.log('|---|---|---|---|---|---|---|---|');
const cells: Cell[] = [];
for (const backend of backends) {
  for (const shape of SHAPES) {
    // The reference is slow; its NN row is enough for the comparison.
    const variants = backend.name === 'ts-reference' ? VARIANTS.slice(0, 1) : VARIANTS;
    for (const [ta, tb] of variants) {
      const variant = `${ta ? 'T' : 'N'}${tb ? 'T' : 'N'}`;
      const m = measure(backend, shape.M, shape.N, shape.K, ta, tb);
      cells.push({ backend: backend.name, shape: shape.name, variant, ...m });
      console.log(
        `| ${backend.name} | ${shape.name} | ${variant} | ${m.best.toFixed(1)} | ${m.median.toFixed(1)} | ${((100 * m.best) / PEAK_PER_CORE).toFixed(1)}% | ${m.microsPerCall.toFixed(2)} | ${m.cpuBest.toFixed(1)} / ${m.cpuMedian.toFixed(1)} |`,
      );
    }
  }
}
