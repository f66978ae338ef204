// Import speed and memory: math_eval seed files (500 problems × 1,024 samples over 8 seed files
// by default, ~80-character responses) imported in one transaction, then re-imported (a no-op by
// content hash); and re-grading of one seed file's samples with rlbound's math verifier, beside
// the pool grading the same texts directly (the anchor: the verifier's own rate).
// Run: npm run build && flock /tmp/bench.lock npx vite-node bench/import.ts [seeds=8] [perSeed=128] [problems=500] [regradeSeeds=1]
import { createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { importResults, openStudy, sourceVerdictKey } from '../src/study/index.js';
import { verifyRun } from '../src/pipeline/verify-stage.js';
import { MathVerifier } from '../src/verify/math-verifier.js';
import { MathGradingPool } from '../src/verify/math/pool.js';

const SEEDS = Number(process.argv[2] ?? 8);
const PER_SEED = Number(process.argv[3] ?? 128);
const PROBLEMS = Number(process.argv[4] ?? 500);
const REGRADE_SEEDS = Number(process.argv[5] ?? 1);
const out = path.resolve('bench/out/import');
rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, 'math500'), { recursive: true });

let state = 7;
const rand = (): number => ((state = (state * 1103515245 + 12345) % 2147483648), state / 2147483648);

/** Writes one seed file row by row (the generator itself holds one row at a time). */
async function writeSeed(seed: number): Promise<string> {
  const file = path.join(out, 'math500', `test_qwen25-math-cot_-1_seed${seed}_t0.6_s0_e-1.jsonl`);
  const stream = createWriteStream(file);
  for (let idx = 0; idx < PROBLEMS; idx++) {
    const gold = String(idx + 3);
    const code: string[] = [];
    const pred: string[] = [];
    const score: boolean[] = [];
    const p = (idx % 10) / 10;
    for (let j = 0; j < PER_SEED; j++) {
      const right = rand() < p;
      const answer = right ? gold : String(idx + 4 + Math.floor(rand() * 90));
      code.push(`We work it out step ${j} of seed ${seed}: ${Math.floor(rand() * 1e6)}, so the answer is \\boxed{${answer}}.`);
      pred.push(answer);
      score.push(right);
    }
    const line =
      JSON.stringify({ idx, question: `Problem ${idx}: what is ${idx} + 3?`, gt: gold, code, pred, score, finish_reason: code.map(() => 'stop') }) + '\n';
    if (!stream.write(line)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
  return file;
}

/** Peak resident set size while `fn` runs (sampled every 50 ms). */
async function peakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakMiB: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const value = await fn();
    return { value, peakMiB: Math.max(peak, process.memoryUsage().rss) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

const files: string[] = [];
for (let s = 0; s < SEEDS; s++) files.push(await writeSeed(s));
const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
const total = SEEDS * PER_SEED * PROBLEMS;
console.log(`${SEEDS} seed files, ${PROBLEMS} problems × ${PER_SEED} samples each = ${total.toLocaleString()} samples, ${(bytes / 2 ** 20).toFixed(1)} MiB`);

async function timedImport(label: string, inputs: string[], study: string): Promise<number> {
  const store = await openStudy(study);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { value: reports, peakMiB } = await peakRss(() => importResults(store, { inputs, model: 'bench' }));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const samples = reports.filter((r) => r.status === 'imported').reduce((a, r) => a + r.samples, 0);
  console.log(
    `${label}: ${samples.toLocaleString()} samples stored in ${(ms / 1000).toFixed(1)} s wall = ${Math.round(samples / (ms / 1000)).toLocaleString()} samples/s (${Math.round(samples / ((cpu.user + cpu.system) / 1e6)).toLocaleString()} per CPU-second), peak RSS ${peakMiB.toFixed(0)} MiB, statuses ${[...new Set(reports.map((r) => r.status))].join('/')}`,
  );
  await store.close();
  return ms;
}

const one = path.join(out, 'one-seed.sqlite');
const all = path.join(out, 'all-seeds.sqlite');
await timedImport('import 1 seed file', files.slice(0, 1), one);
await timedImport(`import ${SEEDS} seed files (one transaction)`, files, all);
await timedImport('re-import the same files (no-op)', files, all);
console.log(`study file: ${(statSync(all).size / 2 ** 20).toFixed(0)} MiB`);

// Re-grading: rlbound's verifier over the imported samples of REGRADE_SEEDS files, then the
// pool on the same texts directly (what the verify stage adds is the store reads and writes).
if (REGRADE_SEEDS === 0) process.exit(0);
const regradeStudy = path.join(out, 'regrade.sqlite');
const store = await openStudy(regradeStudy);
const [report] = await importResults(store, { inputs: files.slice(0, REGRADE_SEEDS), model: 'bench' });
const pool = new MathGradingPool({ workers: 2 });
try {
  const t0 = performance.now();
  const graded = await verifyRun({ store, runId: report!.runId!, verifier: new MathVerifier({ kind: 'math', policy: 'strict' }, pool) });
  const ms = performance.now() - t0;
  const source = await store.loadOutcomes(report!.runId!, sourceVerdictKey('math-eval'));
  const mine = await store.loadOutcomes(report!.runId!, graded.key);
  const agree = mine.every((o, i) => o.c === source[i]!.c);
  console.log(
    `re-grade (verify stage, 2 workers): ${graded.verified.toLocaleString()} samples in ${(ms / 1000).toFixed(1)} s = ${Math.round(graded.verified / (ms / 1000)).toLocaleString()} samples/s; per-problem counts equal to the file's: ${agree}`,
  );
  const texts: { response: string; gold: string }[] = [];
  for await (const s of store.iterateSamples(report!.runId!)) texts.push({ response: s.text ?? '', gold: '' });
  const golds = new Map((await store.listProblems((await store.getRun(report!.runId!))!.benchmarkId)).map((p) => [p.id, String(p.gold)]));
  let i = 0;
  for await (const s of store.iterateSamples(report!.runId!)) texts[i++]!.gold = golds.get(s.problemId)!;
  const fresh = new MathGradingPool({ workers: 2 });
  const t1 = performance.now();
  await fresh.gradeBatch(texts.map((t) => ({ ...t, policy: 'strict' as const })));
  const poolMs = performance.now() - t1;
  await fresh.close();
  console.log(
    `anchor, pool.gradeBatch on the same ${texts.length.toLocaleString()} texts (2 workers): ${(poolMs / 1000).toFixed(1)} s = ${Math.round(texts.length / (poolMs / 1000)).toLocaleString()} samples/s`,
  );
} finally {
  await pool.close();
  await store.close();
}
