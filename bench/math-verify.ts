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

function inProcess(policy: 'strict' | 'paper'): number {
  const t0 = performance.now();
  let n = 0;
  for (let k = 0; k < rounds; k++) for (const p of pairs) {
    gradeMath({ ...p, policy });
    n++;
  }
  return n / ((performance.now() - t0) / 1000);
}

async function pooled(workers: number): Promise<number> {
  const pool = new MathGradingPool({ workers, budgetMs: 2000 });
  await pool.gradeBatch(pairs.slice(0, 50), { cache: false }); // warm-up: workers loaded and JIT-ed
  const all: GradeRequest[] = [];
  for (let k = 0; k < rounds; k++) all.push(...pairs);
  const t0 = performance.now();
  const out = await pool.gradeBatch(all, { cache: false });
  const rate = out.length / ((performance.now() - t0) / 1000);
  await pool.close();
  return rate;
}

inProcess('strict'); // warm-up
const strict1 = inProcess('strict');
const paper1 = inProcess('paper');
const pool2 = await pooled(2);
const correct = pairs.filter((p) => gradeMath(p).correct).length;
console.log(JSON.stringify({
  node: process.version,
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  pairs: pairs.length,
  rounds,
  meanResponseChars: meanChars,
  strictInProcessPerSec: Math.round(strict1),
  paperInProcessPerSec: Math.round(paper1),
  strictPool2WorkersPerSec: Math.round(pool2),
  correctPairs: correct,
}, null, 2));
