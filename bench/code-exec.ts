/**
 * Throughput of the code sandbox, side by side with the naive approaches, on the same tests:
 *   - pool:     CodePool (bubblewrap, one fork-server per core, a fresh forked child per test)
 *   - baseline: a fresh `python3` process per test, no isolation (what process-per-sample graders do)
 *   - bwrap:    a fresh bubblewrap sandbox + python3 per test (naive isolation)
 * Tests: the 164 HumanEval+ canonical solutions with their original assert-style check() (small,
 * milliseconds each). Rounds alternate between the approaches so machine load hits all alike.
 * Then: wall time of the full HumanEval+ base+plus suite (reference run + verifying the canonical
 * solutions).
 * Usage: npm run build && flock /tmp/bench.lock npx vite-node bench/code-exec.ts [rounds] [workers]
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CodePool, evalPlusJob, humanEvalCheckTest, loadEvalPlus, prepareEvalPlus, resolvePython } from '../src/verify/code/index.js';
import { bwrapArgs } from '../src/verify/code/bwrap-args.js';
import { findBwrap, serverDir } from '../src/verify/code/runtime.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.argv[2] ?? 3);
const workers = Number(process.argv[3] ?? 2);
const tasks = loadEvalPlus(path.resolve(root, '..', 'shared', 'data', 'humanevalplus', 'HumanEvalPlus.jsonl.gz'));
const python = resolvePython();
const scripts = tasks.map((t) => ({ program: t.prompt + t.canonicalSolution, test: humanEvalCheckTest(t) }));

/** Runs `n` jobs with at most `workers` in flight. */
async function limited(n: number, fn: (i: number) => Promise<boolean>): Promise<number> {
  let next = 0;
  let ok = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < n) if (await fn(next++)) ok++;
    }),
  );
  return ok;
}

function runProcess(cmd: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' } });
    p.stdout.resume();
    p.stderr.resume();
    p.on('exit', (code) => resolve(code === 0));
  });
}

const source = (i: number): string => `${scripts[i].program}\n\n${scripts[i].test.harness}`;

async function measure(name: string, fn: (i: number) => Promise<boolean>): Promise<number> {
  const t0 = performance.now();
  const ok = await limited(scripts.length, fn);
  const rate = scripts.length / ((performance.now() - t0) / 1000);
  if (ok !== scripts.length) throw new Error(`${name}: only ${ok}/${scripts.length} tests passed`);
  return rate;
}

const pool = await CodePool.create({ workers });
const bwrap = findBwrap();
const sandboxArgs = bwrapArgs({ python, serverDir: serverDir(), tmpMb: 64, privileged: process.getuid?.() === 0 });
const approaches: Record<string, (i: number) => Promise<boolean>> = {
  pool: async (i) => (await pool.run({ program: scripts[i].program, tests: [scripts[i].test] })).status === 'pass',
  baseline: (i) => runProcess(python, ['-c', source(i)]),
  bwrap: (i) => runProcess(bwrap, [...sandboxArgs, '--', python, '-c', source(i)]),
};
await approaches.pool(0); // warm-up
const rates: Record<string, number[]> = { pool: [], baseline: [], bwrap: [] };
for (let r = 0; r < rounds; r++) {
  for (const [name, fn] of Object.entries(approaches)) rates[name].push(await measure(name, fn));
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, load avg ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; ${workers} workers; python ${python}`,
);
console.log(`tests per round: ${scripts.length} (HumanEval+ canonical + check()), rounds: ${rounds}`);
for (const [name, xs] of Object.entries(rates)) {
  console.log(`${name.padEnd(9)} median ${median(xs).toFixed(1)} tests/s  (rounds: ${xs.map((x) => x.toFixed(1)).join(', ')})`);
}
console.log(
  `pool / baseline = ${(median(rates.pool) / median(rates.baseline)).toFixed(2)}×, pool / fresh bwrap = ${(median(rates.pool) / median(rates.bwrap)).toFixed(2)}×`,
);

// Full HumanEval+ (base + plus inputs) with the canonical solutions.
let t0 = performance.now();
const prepared = await prepareEvalPlus(pool, tasks);
const prepareS = (performance.now() - t0) / 1000;
t0 = performance.now();
const results = await Promise.all(prepared.map((p, i) => pool.run(evalPlusJob(p, tasks[i].prompt + tasks[i].canonicalSolution))));
const verifyS = (performance.now() - t0) / 1000;
const inputs = tasks.reduce((n, t) => n + t.baseInputs.count + t.plusInputs.count, 0);
console.log(
  `HumanEval+ base+plus (${tasks.length} tasks, ${inputs} inputs): reference run ${prepareS.toFixed(1)} s, verifying the canonical solutions ${verifyS.toFixed(1)} s; ${results.filter((r) => r.status === 'pass').length}/${results.length} pass`,
);
await pool.close();
