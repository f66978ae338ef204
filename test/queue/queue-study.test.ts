import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/study/index.js';
import { datasetPassAtK } from '../../src/analyze/index.js';
import { cliPath, runCli } from '../helpers/cli.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { LAB_STUDY_N, LAB_STUDY_PROBLEMS, labStudyYaml, serveTinyLabModels } from '../helpers/lab-study.js';
import type { ServeProcess } from '../serve/serve-process.js';

// The same study twice: once in one process into SQLite, once as BullMQ jobs over a real
// redis-server, processed by three `rlbound worker` processes into a real PostgreSQL — with one
// worker SIGKILLed mid-job, Redis killed and restarted, and the workers' PostgreSQL connections
// terminated by the server mid-study. Samples, verdicts and pass@k
// must be identical, every slot stored exactly once.
let dir: string;
let postgres: TestPostgres;
let redis: TestRedis;
const serves: ServeProcess[] = [];
const PROBLEMS = LAB_STUDY_PROBLEMS;
const N = LAB_STUDY_N;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rlbound-queue-'));
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  serves.push(
    ...(await serveTinyLabModels(dir, [
      ['base', 1],
      ['rl', 2],
    ])),
  );
});
afterAll(async () => {
  await Promise.all(serves.map((s) => s.stop()));
  await redis?.stop();
  await postgres?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Samples, outcomes and pass@k of every run, keyed by names rather than database ids. */
async function contents(location: string) {
  const store = await openStore(location, { mustExist: true });
  try {
    const rows: string[] = [];
    for await (const r of store.iterateSampleTable()) rows.push(JSON.stringify([r.model, r.benchmark, r.problem, r.sampleIndex, r.seed, r.text, r.error]));
    const outcomes: string[] = [];
    const scores: string[] = [];
    for (const run of await store.listRuns()) {
      const model = (await store.getModelById(run.modelId))!.name;
      const bench = (await store.getBenchmarkById(run.benchmarkId))!.name;
      for (const m of await store.listModels())
        for (const s of await store.loadScores(run.id, m.id))
          scores.push(JSON.stringify([model, bench, m.name, s.problemKey, s.sampleIndex, s.tokenCount, s.nllSum, s.byteCount, s.entropy]));
      for (const key of await store.listVerifierKeys(run.id)) {
        const o = await store.loadOutcomes(run.id, key);
        outcomes.push(JSON.stringify([model, bench, key, o, datasetPassAtK(o, [1, 4, 16]).passAtK]));
      }
    }
    return { rows: rows.sort(), outcomes: outcomes.sort(), scores: scores.sort() };
  } finally {
    await store.close();
  }
}

function spawnCli(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }> } {
  const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, out, err })),
  );
  return { child, done };
}

describe('rlbound run --queue + rlbound worker (BullMQ over Redis into PostgreSQL)', () => {
  it('gives exactly the numbers of the in-process SQLite run, through a SIGKILLed worker, a Redis restart and dropped PostgreSQL connections', async () => {
    const urls = serves.map((s) => s.url);
    await writeFile(path.join(dir, 'local.yaml'), labStudyYaml('local.sqlite', urls));
    const local = runCli(['run', path.join(dir, 'local.yaml'), '--until', 'score'], { timeoutMs: 300_000 });
    expect(local.status, local.stderr).toBe(0);

    const studyUrl = await postgres.createDatabase('queued');
    await writeFile(path.join(dir, 'queued.yaml'), labStudyYaml(studyUrl, urls));
    const admin = new pg.Client({ connectionString: studyUrl });
    await admin.connect();
    const coordinator = spawnCli(['run', path.join(dir, 'queued.yaml'), '--queue', redis.url, '--slice', '16']);
    // Two general workers, and one sampling worker for `base` only, next to its server.
    const workers = [
      spawnCli(['worker', '--queue', redis.url, '--study', studyUrl, '--lock-s', '2']),
      spawnCli(['worker', '--queue', redis.url, '--study', studyUrl, '--lock-s', '2']),
      spawnCli(['worker', '--queue', redis.url, '--study', studyUrl, '--lock-s', '2', '--role', 'sample', '--model', 'base', '--endpoint', serves[0].url]),
    ];

    // Watch the store: SIGKILL a worker once a quarter is sampled, restart Redis at half, drop
    // every other PostgreSQL connection at three quarters.
    let killedAt = -1;
    let restartedAt = -1;
    let droppedAt = -1;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const n = await admin
          .query('SELECT count(*)::int AS c FROM samples')
          .then((r) => r.rows[0].c as number)
          .catch(() => 0);
        if (killedAt < 0 && n >= (2 * PROBLEMS * N) / 4) {
          killedAt = n;
          workers[0].child.kill('SIGKILL');
        }
        if (restartedAt < 0 && n >= (2 * PROBLEMS * N) / 2) {
          restartedAt = n;
          await redis.restart();
        }
        if (droppedAt < 0 && n >= (3 * 2 * PROBLEMS * N) / 4) {
          droppedAt = n;
          await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    const result = await coordinator.done;
    watching = false;
    await watcher;
    await admin.end();
    for (const w of workers.slice(1)) w.child.kill('SIGTERM');
    const stopped = await Promise.all(workers.map((w) => w.done));
    expect(result.code, result.err).toBe(0);
    expect(stopped[0].signal).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThan(0);
    expect(restartedAt).toBeGreaterThan(0);
    expect(droppedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(2 * PROBLEMS * N);
    const summary = JSON.parse(result.out) as { samples: number; failed_jobs: number };
    expect(summary).toMatchObject({ samples: 2 * PROBLEMS * N, failed_jobs: 0 });
    // The sampling-only worker sampled and did nothing else; the surviving general worker verified.
    expect(stopped[2].err).toMatch(/sample sample-\d+-\d+-\d+-\d+: \d+ written/);
    expect(stopped[1].err).toMatch(/verify verify-\d+-\d+-\d+-\d+: \d+ written/);
    expect(stopped[2].err).not.toMatch(/^(verify|score) /m);
    expect(stopped.map((w) => w.err).join('')).toMatch(/score score-\d+-base: 144 written/);
    if (process.env.RLBOUND_QUEUE_DEBUG) for (const w of stopped) console.log(w.err);

    const [a, b] = await Promise.all([contents(path.join(dir, 'local.sqlite')), contents(studyUrl)]);
    expect(b.rows).toHaveLength(2 * PROBLEMS * N);
    expect(new Set(b.rows).size).toBe(b.rows.length);
    expect(b.rows).toEqual(a.rows);
    expect(b.outcomes).toHaveLength(4);
    expect(b.outcomes).toEqual(a.outcomes);
    expect(b.scores).toHaveLength(2 * 6 * N);
    expect(b.scores).toEqual(a.scores);

    // Progress is visible from anywhere: `rlbound status` reads the shared store and the queue.
    const status = runCli(['status', '--study', studyUrl, '--queue', redis.url]);
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toMatch(
      /run \d+ {2}base × lab-countdown \[T [\d.]+ · top-p [^\]]* · seed \d+\]: 144\/144 samples \(100\.0%\); lab-countdown\/exact@1 144 verified/,
    );
    expect(status.stdout).toMatch(/queue sample: 0 waiting, 0 active, 0 delayed, 0 waiting for samples, 0 failed/);

    // Enqueueing again finds nothing to do.
    const again = runCli(['run', path.join(dir, 'queued.yaml'), '--queue', redis.url]);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ sample_jobs: 0, verify_only_jobs: 0, score_jobs: 0 });
  });
});
