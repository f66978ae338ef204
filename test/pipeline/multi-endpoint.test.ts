import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, saveCheckpoint } from '../../src/lab/model/index.js';
import { taskTokenizer } from '../../src/lab/experiment/tokenizer.js';
import { connect, EndpointPool, runSampling, probeCapabilities, type SampleSink, type SampleSlot } from '../../src/sample/index.js';
import { sampleSeed } from '../../src/study/index.js';
import { cliPath, runCli } from '../helpers/cli.js';
import { storedSampleCount } from '../helpers/stored-samples.js';
import { spawnServe, type ServeProcess } from '../serve/serve-process.js';

// One lab model served by three real `rlbound serve` processes. A run spread over all three —
// with one server SIGKILLed in the middle, or one slowed down by a delaying proxy — must store
// exactly the samples (same seeds, same texts) of the same run on one server.
let dir: string;
const serves: ServeProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rlbound-multi-'));
  const tokenizer = taskTokenizer();
  const model = createModel({ layers: 1, dModel: 16, heads: 2, context: 64, vocab: tokenizer.vocabSize }, { seed: 3 });
  saveCheckpoint(path.join(dir, 'ckpt'), model, { tokenizer, lineage: { kind: 'base', parent: null } });
  for (let i = 0; i < 3; i++) serves.push(await spawnServe(path.join(dir, 'ckpt'), 'base'));
});
afterAll(async () => {
  await Promise.all(serves.map((s) => s.stop()));
  await rm(dir, { recursive: true, force: true });
});

const sampleArgs = (study: string, urls: string[]) => [
  'sample',
  '--study',
  study,
  '--model',
  'base',
  ...urls.flatMap((u) => ['--endpoint', u]),
  '--bench',
  'lab-arithmetic',
  '--limit',
  '8',
  '-n',
  '16',
  '--temperature',
  '1',
  '--top-p',
  '1',
  '--max-tokens',
  '24',
  '--seed',
  '7',
  '--template',
  'raw',
  '--max-choices',
  '2',
  '--concurrency',
  '2',
  '--timeout-s',
  '20',
];

/** (problem index, sample index, seed, text, error) of every stored slot, sorted. */
function slotsOf(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare('SELECT p.idx, s.sample_index, s.seed, s.text, s.error FROM samples s JOIN problems p ON p.id = s.problem_id ORDER BY p.idx, s.sample_index')
      .all();
    return rows.map((r) => JSON.stringify(r));
  } finally {
    db.close();
  }
}

describe('multi-endpoint sampling', () => {
  it('spreads `rlbound sample --endpoint A --endpoint B --endpoint C` over three servers; a server SIGKILLed mid-run changes nothing', async () => {
    const single = runCli(sampleArgs(path.join(dir, 'single.sqlite'), [serves[0].url]));
    expect(single.status, single.stderr).toBe(0);
    const reference = slotsOf(path.join(dir, 'single.sqlite'));
    expect(reference).toHaveLength(8 * 16);

    // A throwaway fourth server that dies while the pooled run uses it.
    const doomed = await spawnServe(path.join(dir, 'ckpt'), 'base');
    const pooledFile = path.join(dir, 'pooled.sqlite');
    const child = spawn(process.execPath, [cliPath, ...sampleArgs(pooledFile, [serves[1].url, doomed.url, serves[2].url])], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    let killedAt = -1;
    const poll = setInterval(() => {
      const n = storedSampleCount(pooledFile);
      if (killedAt < 0 && n >= 24) {
        killedAt = n;
        doomed.child.kill('SIGKILL');
      }
    }, 5);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearInterval(poll);
    expect(code, err).toBe(0);
    expect(killedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(8 * 16);
    const summary = JSON.parse(out) as { stored: number; failed_slots: number };
    expect(summary.failed_slots).toBe(0);
    expect(slotsOf(pooledFile)).toEqual(reference);
  });

  it('reads a list of endpoints in a study file (`rlbound run`) and gives the samples of a one-server study', async () => {
    const yaml = (store: string, endpoints: string[]) => `store: ${store}.sqlite
models:
  - name: base
    endpoint: [${endpoints.join(', ')}]
    template: raw
benchmarks:
  - name: lab-arithmetic
    limit: 6
sampling: { n: 12, temperature: 1, top_p: 1, max_tokens: 24, seed: 5, concurrency: 2 }
`;
    await writeFile(path.join(dir, 'one.yaml'), yaml('one', [serves[0].url]));
    await writeFile(
      path.join(dir, 'three.yaml'),
      yaml(
        'three',
        serves.map((s) => s.url),
      ),
    );
    for (const name of ['one', 'three']) {
      const r = runCli(['run', path.join(dir, `${name}.yaml`), '--until', 'verify']);
      expect(r.status, r.stderr).toBe(0);
    }
    const three = slotsOf(path.join(dir, 'three.sqlite'));
    expect(three).toHaveLength(6 * 12);
    expect(three).toEqual(slotsOf(path.join(dir, 'one.sqlite')));
  });

  it('lets fast servers take the work a slow server cannot (EndpointPool with work stealing)', async () => {
    // A proxy that holds every request for 150 ms before passing it to a real server.
    const slow = http.createServer((req, res) => {
      const body: Buffer[] = [];
      req.on('data', (c: Buffer) => body.push(c));
      req.on('end', () =>
        setTimeout(() => {
          const target = new URL(serves[0].url);
          const fwd = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          });
          fwd.end(Buffer.concat(body));
        }, 150),
      );
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    const slowUrl = `http://127.0.0.1:${(slow.address() as { port: number }).port}/v1`;
    const conns = [slowUrl, serves[1].url, serves[2].url].map((endpoint) => connect({ endpoint, model: 'base', timeoutMs: 20_000 }));
    const pool = new EndpointPool(
      conns.map((c) => c.provider),
      { perEndpoint: 2 },
    );
    try {
      const runs = [];
      for (const provider of [pool, conns[1].provider]) {
        const sink = new MemorySink();
        const caps = await probeCapabilities(provider, { prompt: { kind: 'text', text: '1+1=' } });
        await runSampling({
          provider,
          sink,
          caps,
          n: 6,
          concurrency: 6,
          maxChoicesPerRequest: 1,
          problems: Array.from({ length: 6 }, (_, i) => ({ index: i, prompt: { kind: 'text' as const, text: `${i}+${i}=` } })),
          seedOf: (p, s) => sampleSeed(11, p, s),
          params: { temperature: 1, topP: 1, maxTokens: 16, stop: [] },
        });
        runs.push(sink.sorted());
      }
      expect(runs[0]).toEqual(runs[1]);
      expect(runs[0]).toHaveLength(36);
      const [s, a, b] = pool.stats();
      expect(s.served + a.served + b.served).toBeGreaterThanOrEqual(36);
      // The slow server served its share of requests, but the fast ones took most of them.
      expect(s.served).toBeGreaterThan(0);
      expect(a.served + b.served).toBeGreaterThan(2 * s.served);
    } finally {
      conns.forEach((c) => c.close());
      await new Promise<void>((r) => slow.close(() => r()));
    }
  });
});

/** Keeps slots in memory (the pool test needs no store). */
class MemorySink implements SampleSink {
  private readonly slots: SampleSlot[] = [];
  async presentIndices(): Promise<Set<number>> {
    return new Set();
  }
  async insert(slots: SampleSlot[]): Promise<void> {
    this.slots.push(...slots);
  }
  async texts(problemIndex: number): Promise<string[]> {
    return this.slots.filter((s) => s.problemIndex === problemIndex && s.text !== null).map((s) => s.text as string);
  }
  sorted(): string[] {
    return this.slots.map((s) => JSON.stringify([s.problemIndex, s.sampleIndex, s.seed, s.text])).sort();
  }
}
