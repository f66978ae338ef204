// Study store write/read speed: samples with 1 KiB texts inserted in batched transactions.
// Run: npm run build && flock /tmp/bench.lock npx vite-node bench/store.ts [samples] [batch]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportSamplesParquet, openStudy, sampleSeed, type SampleInput } from '../src/study/index.js';

const TOTAL = Number(process.argv[2] ?? 200_000);
const BATCH = Number(process.argv[3] ?? 1000);
const PROBLEMS = 1000;
const PER_PROBLEM = Math.ceil(TOTAL / PROBLEMS);

const dir = mkdtempSync(path.join(tmpdir(), 'rlbound-bench-store-'));
const file = path.join(dir, 'bench.sqlite');
try {
  const store = await openStudy(file);
  const model = await store.putModel({ name: 'bench', provider: 'lab' });
  const bench = await store.putBenchmark({ name: 'bench', source: 'bench', contentHash: 'x' });
  await store.putProblems(
    bench.id,
    Array.from({ length: PROBLEMS }, (_, i) => ({ index: i, key: `p${i}`, prompt: 'p' })),
  );
  const problems = await store.listProblems(bench.id);
  const { run } = await store.findOrCreateRun({
    modelId: model.id,
    benchmarkId: bench.id,
    sampling: { temperature: 0.6 },
    targetN: PER_PROBLEM,
    baseSeed: 1,
    promptTemplateHash: 'h',
  });
  const filler = 'x'.repeat(1024 - 24);

  // Slots go problem by problem, as the sampling engine writes them.
  let batch: SampleInput[] = [];
  let written = 0;
  let insertMs = 0; // time inside insertSamples only (building the inputs is the caller's cost)
  let insertCpuMs = 0; // CPU time of this process inside insertSamples (less sensitive to a busy machine)
  const insert = async (b: SampleInput[]): Promise<number> => {
    const t = performance.now();
    const c = process.cpuUsage();
    const n = (await store.insertSamples(b)).written;
    const dc = process.cpuUsage(c);
    insertCpuMs += (dc.user + dc.system) / 1000;
    insertMs += performance.now() - t;
    return n;
  };
  const t0 = performance.now();
  for (let s = 0; s < PER_PROBLEM && written < TOTAL; s++) {
    for (let p = 0; p < PROBLEMS && written + batch.length < TOTAL; p++) {
      batch.push({
        runId: run.id,
        problemId: problems[p].id,
        sampleIndex: s,
        seed: sampleSeed(1, p, s),
        text: `${p}/${s} `.padEnd(24) + filler,
        finishReason: 'stop',
        completionTokens: 300,
        latencyMs: 1200,
      });
      if (batch.length === BATCH) {
        written += await insert(batch);
        batch = [];
      }
    }
  }
  if (batch.length) written += await insert(batch);
  const wallMs = performance.now() - t0;

  const t1 = performance.now();
  const again = await store.insertSamples(
    Array.from({ length: BATCH }, (_, i) => ({ runId: run.id, problemId: problems[i % PROBLEMS].id, sampleIndex: 0, seed: 0, text: 'dup' })),
  );
  const dupMs = performance.now() - t1;

  const t2 = performance.now();
  const missing = await store.missingSampleIndices(run.id, { n: PER_PROBLEM + 1 });
  const missingMs = performance.now() - t2;

  const t3 = performance.now();
  let read = 0;
  for await (const _ of store.iterateSamples(run.id)) read++;
  const readMs = performance.now() - t3;

  const t4 = performance.now();
  const pq = await exportSamplesParquet(store, path.join(dir, 'samples.parquet'));
  const pqMs = performance.now() - t4;
  await store.close();

  const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
  console.log(`study store benchmark, Node ${process.version}: ${written.toLocaleString('en-US')} samples (1 KiB texts), batches of ${BATCH}`);
  console.log(`insert (batched transactions, WAL)   ${insertMs.toFixed(0).padStart(7)} ms   ${rate(written, insertMs)} samples`);
  console.log(`  per CPU-second of the inserting process ${insertCpuMs.toFixed(0).padStart(5)} ms   ${rate(written, insertCpuMs)} samples`);
  console.log(`  incl. building the inputs (wall)    ${wallMs.toFixed(0).padStart(7)} ms   ${rate(written, wallMs)} samples`);
  console.log(`re-insert ${BATCH} existing (idempotent)   ${dupMs.toFixed(1).padStart(7)} ms   written=${again.written}`);
  console.log(`missingSampleIndices (resume plan)   ${missingMs.toFixed(0).padStart(7)} ms   ${missing.size} problems`);
  console.log(`iterateSamples (stream all)           ${readMs.toFixed(0).padStart(7)} ms   ${rate(read, readMs)} samples`);
  console.log(`export Parquet                        ${pqMs.toFixed(0).padStart(7)} ms   ${rate(pq.rows, pqMs)} rows`);
  console.log(`study file ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
