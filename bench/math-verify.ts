/**
 * Throughput of the math verifier on MATH500-style pairs, cache off.
 * Pairs: every MATH500 solution (a worked answer of a few hundred characters ending in a box)
 * graded against its own gold (correct) and against the next problem's gold (mostly wrong).
 * Usage: npm run build && flock /tmp/bench.lock npx vite-node bench/math-verify.ts [rounds]
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gradeMath, MathGradingPool, type GradeRequest } from '../src/verify/math/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rows = readFileSync(path.resolve(root, '..', 'shared', 'data', 'math500', 'test.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { solution: string; answer: string });
const rounds = Number(process.argv[2] ?? 4);

const pairs: GradeRequest[] = [];
rows.forEach((r, i) => {
  pairs.push({ response: r.solution, gold: r.answer });
  pairs.push({ response: r.solution, gold: rows[(i + 1) % rows.length].answer });
});
const meanChars = Math.round(pairs.reduce((s, p) => s + (p.response?.length ?? 0), 0) / pairs.length);

/** CPU seconds (user + system, all threads of this process) since `from`. */
const cpuSeconds = (from: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
};

/** Verdicts per wall-clock second and per CPU-second (the latter is immune to other jobs on a shared machine). */
function inProcess(policy: 'strict' | 'paper'): { wall: number; cpu: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let n = 0;
  for (let k = 0; k < rounds; k++)
    for (const p of pairs) {
      gradeMath({ ...p, policy });
      n++;
    }
  return { wall: n / ((performance.now() - t0) / 1000), cpu: n / cpuSeconds(c0) };
}

async function pooled(workers: number, policy: 'strict' | 'paper'): Promise<{ wall: number; cpu: number }> {
  const pool = new MathGradingPool({ workers, budgetMs: 2000 });
  await pool.gradeBatch(pairs.slice(0, 50), { cache: false }); // warm-up: workers loaded and JIT-ed
  const all: GradeRequest[] = [];
  for (let k = 0; k < rounds; k++) all.push(...pairs.map((p) => ({ ...p, policy })));
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = await pool.gradeBatch(all, { cache: false });
  const rate = { wall: out.length / ((performance.now() - t0) / 1000), cpu: out.length / cpuSeconds(c0) };
  await pool.close();
  return rate;
}

inProcess('strict'); // warm-up
const strict1 = inProcess('strict');
const paper1 = inProcess('paper');
const pool2 = await pooled(2, 'strict');
const paperPool2 = await pooled(2, 'paper');
const correct = pairs.filter((p) => gradeMath(p).correct).length;
console.log(
  JSON.stringify(
    {
      node: process.version,
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      pairs: pairs.length,
      rounds,
      meanResponseChars: meanChars,
      loadAverage1min: os.loadavg()[0].toFixed(1),
      strictInProcessPerSec: Math.round(strict1.wall),
      strictPerCpuSecond: Math.round(strict1.cpu),
      paperInProcessPerSec: Math.round(paper1.wall),
      paperPerCpuSecond: Math.round(paper1.cpu),
      strictPool2WorkersPerSec: Math.round(pool2.wall),
      strictPool2WorkersPerCpuSecond: Math.round(pool2.cpu),
      paperPool2WorkersPerSec: Math.round(paperPool2.wall),
      paperPool2WorkersPerCpuSecond: Math.round(paperPool2.cpu),
      loadAverage1minAfter: os.loadavg()[0].toFixed(1),
      correctPairs: correct,
    },
    null,
    2,
  ),
);
