/**
 * The cost of the work queue (BullMQ over a local redis-server 7) compared with in-process work.
 *  1. Per-job overhead: K no-op jobs through the queue (added in bulk, one worker in this process,
 *     concurrency 1 and 8) vs K in-process calls of the same no-op.
 *  2. Verification throughput: a lab study sampled into a real PostgreSQL, then its verification
 *     (lab checker) as queue jobs of 64 samples processed by 1, 2 and 4 `rlbound worker --role
 *     verify` processes, vs `verifyRun` in one process on the same store.
 * Starts its own throwaway PostgreSQL cluster and redis-server (test/helpers). Needs `npm run build`.
 * Usage: flock /tmp/bench.lock npx vite-node bench/queue.ts [jobs=2000] [problems=50] [n=64]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import pg from 'pg';
import { createModel, saveCheckpoint } from '../src/lab/model/index.js';
import { taskTokenizer } from '../src/lab/experiment/tokenizer.js';
import { registerLabPlugin } from '../src/lab/plugin.js';
import { verifyRun } from '../src/pipeline/verify-stage.js';
import { createVerifier } from '../src/verify/registry.js';
import { QUEUE_NAMES, JOB_OPTIONS, jobId, redisConnection, slicesOf, waitForQueue, type VerifyJob } from '../src/queue/index.js';
import { runSampleJob } from '../src/sample/index.js';
import { openStore } from '../src/study/index.js';
import { cliPath } from '../test/helpers/cli.js';
import { startPostgres } from '../test/helpers/postgres.js';
import { startRedis } from '../test/helpers/redis.js';

registerLabPlugin();

const JOBS = Number(process.argv[2] ?? 2000);
const PROBLEMS = Number(process.argv[3] ?? 50);
const N = Number(process.argv[4] ?? 64);

const dir = mkdtempSync(path.join(os.tmpdir(), 'rlbound-bench-queue-'));
const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
try {
  // 1. Per-job overhead.
  const noop = async (x: number): Promise<number> => x + 1;
  let t0 = performance.now();
  for (let i = 0; i < JOBS; i++) await noop(i);
  const inProcessUs = ((performance.now() - t0) * 1000) / JOBS;
  console.log(`in-process no-op call: ${inProcessUs.toFixed(3)} µs/job`);
  for (const concurrency of [1, 8]) {
    const name = `bench-noop-${concurrency}`;
    const queue = new Queue(name, { connection: redisConnection(redis.url) });
    let done = 0;
    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    t0 = performance.now();
    for (let i = 0; i < JOBS; i += 500)
      await queue.addBulk(Array.from({ length: Math.min(500, JOBS - i) }, (_, k) => ({ name: 'noop', data: { i: i + k }, opts: { removeOnComplete: true } })));
    const added = performance.now();
    const worker = new Worker(name, async (job) => noop(job.data.i as number), { connection: redisConnection(redis.url, true), concurrency });
    worker.on('completed', () => {
      if (++done === JOBS) finish();
    });
    await finished;
    const ms = performance.now() - t0;
    console.log(
      `queue no-op (worker concurrency ${concurrency}): ${((ms * 1000) / JOBS).toFixed(0)} µs/job end to end (${(((added - t0) * 1000) / JOBS).toFixed(0)} µs/job to enqueue in bulk), ${((JOBS / ms) * 1000).toFixed(0)} jobs/s`,
    );
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
  }

  // 2. Verification throughput.
  const tokenizer = taskTokenizer();
  saveCheckpoint(path.join(dir, 'ckpt'), createModel({ layers: 1, dModel: 16, heads: 2, context: 64, vocab: tokenizer.vocabSize }, { seed: 1 }), {
    tokenizer,
    lineage: { kind: 'base', parent: null },
  });
  const study = await postgres.createDatabase('bench');
  t0 = performance.now();
  const sampled = await runSampleJob({
    study,
    model: 'base',
    checkpoint: path.join(dir, 'ckpt'),
    bench: 'lab-arithmetic',
    limit: PROBLEMS,
    n: N,
    temperature: 1,
    topP: 1,
    maxTokens: 24,
    seed: 7,
    concurrency: 4,
    template: 'raw',
  });
  const samples = sampled.summary.stored;
  console.log(`sampled ${samples} samples into PostgreSQL in-process in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const admin = new pg.Client({ connectionString: study });
  await admin.connect();
  const store = await openStore(study);
  const problems = (await store.listProblems((await store.getRun(sampled.run.id))!.benchmarkId)).map((p) => ({ id: p.id, index: p.index }));

  await admin.query('DELETE FROM verdicts');
  t0 = performance.now();
  const inProc = await verifyRun({ store, runId: sampled.run.id, verifier: createVerifier({ kind: 'lab' }) });
  const inProcS = (performance.now() - t0) / 1000;
  console.log(`in-process verifyRun: ${inProc.verified} verdicts in ${inProcS.toFixed(2)} s = ${(inProc.verified / inProcS).toFixed(0)} samples/s`);

  for (const workers of [1, 2, 4]) {
    await admin.query('DELETE FROM verdicts');
    const queue = new Queue(QUEUE_NAMES.verify, { connection: redisConnection(redis.url) });
    const jobs = problems.flatMap((p) =>
      slicesOf(
        Array.from({ length: N }, (_, i) => i),
        64,
      ).map((sl) => {
        const data: VerifyJob = { runId: sampled.run.id, problemId: p.id, problemIndex: p.index, ...sl, verifier: { kind: 'lab' } };
        return { name: 'verify', data, opts: { ...JOB_OPTIONS, jobId: jobId('verify', data) } };
      }),
    );
    const procs = Array.from({ length: workers }, () =>
      spawn(process.execPath, [cliPath, 'worker', '--role', 'verify', '--queue', redis.url, '--study', study, '--concurrency', '2'], { stdio: 'ignore' }),
    );
    await new Promise((r) => setTimeout(r, 1500)); // let the workers start (node + module load) before the clock starts
    t0 = performance.now();
    await queue.addBulk(jobs);
    await waitForQueue(redis.url, [], { pollMs: 20 });
    const s = (performance.now() - t0) / 1000;
    const verified = Number((await admin.query('SELECT count(*) AS c FROM verdicts')).rows[0].c);
    console.log(
      `queue, ${workers} verify worker process(es): ${verified} verdicts in ${s.toFixed(2)} s = ${(verified / s).toFixed(0)} samples/s, ${((s * 1000) / jobs.length).toFixed(1)} ms per ${64}-sample job`,
    );
    for (const p of procs) p.kill('SIGTERM');
    await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
    await queue.close();
  }
  await store.close();
  await admin.end();
} finally {
  await redis.stop();
  await postgres.stop();
  rmSync(dir, { recursive: true, force: true });
}
