import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, saveCheckpoint } from '../../src/lab/model/index.js';
import { taskTokenizer } from '../../src/lab/experiment/tokenizer.js';
import { openStudy, sampleSeed } from '../../src/study/index.js';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { saveTinyCheckpoint } from '../serve/lab-checkpoint.js';
import { runCliAsync } from '../sample/cli-async.js';

// Every failure a user can reach from the command line is a message and exit 2 (their input) or 3
// (a missing service), never a stack trace or a hang.
let dir: string;
let freePort: number;

/** A port nothing listens on: bound once by us, then released. */
async function unusedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function expectCleanFailure(r: { status: number | null; stderr: string }, status: number, message: RegExp): void {
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.status).toBe(status);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rlbound-cli-failures-'));
  freePort = await unusedPort();
  saveTinyCheckpoint(path.join(dir, 'ckpt'));
  // A checkpoint that reads lab task prompts, sampled in-process by the Ctrl-C case.
  const tokenizer = taskTokenizer();
  saveCheckpoint(path.join(dir, 'task-ckpt'), createModel({ layers: 1, dModel: 16, heads: 2, context: 64, vocab: tokenizer.vocabSize }, { seed: 1 }), {
    tokenizer,
    lineage: { kind: 'base', parent: null },
  });
  // A math study (string gold answers) with two stored samples, for the wrong-verifier case.
  const store = await openStudy(path.join(dir, 'math.sqlite'));
  const b = await store.putBenchmark({ name: 'mini-math', source: 'test', contentHash: 'h1' });
  await store.putProblems(b.id, [{ index: 0, key: 'p0', prompt: 'What is 1+1?', gold: '2' }]);
  const problems = await store.listProblems(b.id);
  const m = await store.putModel({ name: 'm', provider: 'test', endpoint: null, info: {} });
  const { run } = await store.findOrCreateRun({ modelId: m.id, benchmarkId: b.id, sampling: {}, targetN: 2, baseSeed: 0, promptTemplateHash: 'x' });
  await store.insertSamples([0, 1].map((i) => ({ runId: run.id, problemId: problems[0].id, sampleIndex: i, seed: sampleSeed(0, 0, i), text: '\\boxed{2}' })));
  await store.close();
  await writeFile(
    path.join(dir, 'lab.yaml'),
    `models:\n  - name: base\n    checkpoint: task-ckpt\nbenchmarks:\n  - name: lab-arithmetic\n    limit: 3\n# Far more than is sampled before the Ctrl-C below.\nsampling: { n: 50000, max_tokens: 24, concurrency: 2 }\n`,
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('command-line failures', () => {
  it('serve on a port in use names --port (exit 2)', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (busy.address() as net.AddressInfo).port;
      const r = await runCliAsync(['serve', '--checkpoint', path.join(dir, 'ckpt'), '--port', String(port)]);
      expectCleanFailure(r, 2, new RegExp(`field "--port": port ${port} on 127.0.0.1 is already in use`));
    } finally {
      busy.close();
    }
  });

  it('verify --verifier lab on a math study says which benchmarks it grades (exit 2)', async () => {
    const r = await runCliAsync(['verify', '--study', path.join(dir, 'math.sqlite'), '--verifier', 'lab']);
    expectCleanFailure(r, 2, /benchmark "mini-math" is not a lab task benchmark/);
  });

  it('run --queue, status --queue and worker with Redis down fail within 10 s (exit 3)', async () => {
    const redis = `redis://127.0.0.1:${freePort}`;
    for (const args of [
      ['run', path.join(dir, 'lab.yaml'), '--queue', redis],
      ['status', '--study', path.join(dir, 'math.sqlite'), '--queue', redis],
      ['worker', '--queue', redis, '--study', path.join(dir, 'math.sqlite')],
    ]) {
      const t0 = performance.now();
      const r = await runCliAsync(args);
      expect(performance.now() - t0).toBeLessThan(10_000);
      expectCleanFailure(r, 3, new RegExp(`cannot reach Redis at ${redis} \\(ECONNREFUSED\\).*--wait`));
    }
  });

  it('a PostgreSQL store that is down fails within 10 s (exit 3), and --wait keeps retrying with a progress line', async () => {
    const pg = `postgres://rlbound@127.0.0.1:${freePort}/study`;
    const t0 = performance.now();
    const r = await runCliAsync(['status', '--study', pg]);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expectCleanFailure(r, 3, new RegExp(`cannot reach PostgreSQL at postgres://127.0.0.1:${freePort}/study`));

    const child = spawn(process.execPath, [cliPath, 'status', '--study', pg, '--wait'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const line = await new Promise<string>((resolve) => {
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('\n')) resolve(err.split('\n')[0]);
      });
    });
    child.kill('SIGTERM');
    expect(line).toMatch(/waiting for PostgreSQL at .*ECONNREFUSED; \d+ s so far/);
  });

  it('usage mistakes exit 2', async () => {
    const r = await runCliAsync(['status', '--no-such-flag']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--no-such-flag'|required option/);
  });

  it('Ctrl-C during run stops after the stage in progress, says what is stored and how to resume (exit 130)', async () => {
    const file = path.join(dir, 'lab.yaml');
    const child = spawn(process.execPath, [cliPath, 'run', file, '--until', 'verify'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const status = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/^load /m.test(stderr) && !child.killed) setTimeout(() => child.kill('SIGINT'), 300);
      });
      child.once('close', resolve);
    });
    expect(stderr).toMatch(/stopping after the stage in progress/);
    expect(stderr).toMatch(/stopped during sample\. Stored in .*lab\.sqlite: \d+ of 150000 samples of 1 runs/);
    expect(stderr).toMatch(/run `rlbound run .*lab\.yaml` again to resume/);
    expect(stderr).not.toMatch(/^\s+at |internal error|ECONNRESET|cannot sample/m);
    expect(JSON.parse(stdout)).toMatchObject({ interrupted_at: 'sample' });
    expect(status).toBe(130);
  });
});
