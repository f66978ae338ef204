/**
 * Steady-state throughput of the math grading pool as the CLI runs it: the compiled `dist/` code
 * (bench/math-verify.ts runs the main thread through vite-node's transform and warms the workers up
 * on only 50 pairs, which understates a long verify stage). MATH500 solutions graded against their
 * own gold and the next problem's, one whole warm-up pass, then `rounds` passes timed.
 * Usage: npm run build && npx vite-node bench/math-pool.ts [rounds] [workers]
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GradeRequest } from '../src/verify/math/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(root, 'dist', 'verify', 'math', 'index.js');
const { MathGradingPool } = (await import(compiled)) as typeof import('../src/verify/math/index.js');
const rows = readFileSync(path.resolve(root, '..', 'shared', 'data', 'math500', 'test.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { solution: string; answer: string });
const rounds = Number(process.argv[2] ?? 8);
const workers = Number(process.argv[3] ?? 2);

const pairs: GradeRequest[] = rows.flatMap((r, i) => [
  { response: r.solution, gold: r.answer },
  { response: r.solution, gold: rows[(i + 1) % rows.length]!.answer },
]);

for (const policy of ['strict', 'paper'] as const) {
  const pool = new MathGradingPool({ workers, budgetMs: 2000 });
  const batch = pairs.map((p) => ({ ...p, policy }));
  await pool.gradeBatch(batch, { cache: false });
  const all = Array.from({ length: rounds }, () => batch).flat();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = await pool.gradeBatch(all, { cache: false });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  await pool.close();
  console.log(
    JSON.stringify({
      policy,
      workers,
      verdicts: out.length,
      perSecondWall: Math.round(out.length / wall),
      perCpuSecond: Math.round(out.length / ((cpu.user + cpu.system) / 1e6)),
      cpu: os.cpus()[0]?.model,
      loadAverage1min: os.loadavg()[0]!.toFixed(1),
    }),
  );
}
