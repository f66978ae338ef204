// pass@k speed: all k on 1,000 problems × n = 1,024, and bootstrap bands (2,000 resamples).
// Run: npm run build && flock /tmp/bench.lock npx vite-node bench/passk.ts
import { bootstrapPassAtK, createRng, datasetPassAtK, pairedPassAtK, simulateOutcomes } from '../src/analyze/index.js';

const PROBLEMS = 1000;
const N = 1024;
const REPEATS = Number(process.argv[2] ?? 5);

const rng = createRng(1);
const rates = Array.from({ length: PROBLEMS }, () => rng.nextFloat() ** 3);
const a = simulateOutcomes(rates, N, 2);
const b = simulateOutcomes(
  rates.map((p) => Math.min(1, p * 1.5)),
  N,
  3,
);
// 20 k values spread over 1..1024 on a log scale (always including 1 and 1024).
const k20 = [...new Set(Array.from({ length: 20 }, (_, i) => Math.round(Math.exp((Math.log(N) * i) / 19))))];
while (k20.length < 20) k20.splice(k20.length - 1, 0, k20[k20.length - 2] + 1);

function time(label: string, fn: () => unknown): void {
  const ms: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((x, y) => x - y);
  console.log(`${label.padEnd(64)} best ${ms[0].toFixed(1).padStart(8)} ms   median ${ms[Math.floor(ms.length / 2)].toFixed(1).padStart(8)} ms`);
}

console.log(`pass@k benchmark: ${PROBLEMS} problems × n = ${N}, ${REPEATS} repeats, Node ${process.version}`);
time('pass@k for every k = 1..1024 (point estimates)', () => datasetPassAtK(a, 'all'));
time(`bootstrap bands, 2,000 resamples × ${k20.length} k values`, () => bootstrapPassAtK(a, k20, { resamples: 2000 }));
time(`paired bootstrap (diff + crossover), 2,000 resamples × ${k20.length} k`, () => pairedPassAtK(a, b, k20, { resamples: 2000 }));
time('bootstrap bands, 2,000 resamples × all 1,024 k values', () => bootstrapPassAtK(a, 'all', { resamples: 2000 }));
