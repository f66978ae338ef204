import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/sample/connect.js';
import { sampleRun } from '../../src/sample/sample-run.js';
import { startServer, type RunningServer } from '../../src/serve/http-server.js';
import { loadLabServable } from '../../src/serve/lab-servable.js';
import { openStudy, sampleSeed } from '../../src/study/index.js';
import { startFaultProxy } from './fault-proxy.js';
import { makeLabFixture, type LabFixture } from './lab-fixture.js';
import { studySlots } from './study-texts.js';

// A fault-injecting proxy in front of the real lab server; the client samples into a real study.
let fx: LabFixture;
let server: RunningServer;
const retry = { maxAttempts: 40, baseDelayMs: 1, maxDelayMs: 20 };

beforeAll(async () => {
  fx = await makeLabFixture(6);
  server = await startServer(loadLabServable(fx.checkpoint, 'tiny'));
});
afterAll(async () => server.close());

async function sampleInto(study: string, url: string, timeoutMs: number, retryPolicy = retry) {
  const { provider, close } = connect({ endpoint: url, model: 'tiny', timeoutMs });
  const store = await openStudy(study);
  try {
    const benchmark = await store.putBenchmark({ name: 'arith', source: 'test', contentHash: 'h' });
    await store.putProblems(
      benchmark.id,
      Array.from({ length: fx.problems }, (_, i) => ({ index: i, key: `q${i}`, prompt: `what is ${i}+${i}?` })),
    );
    const problems = await store.listProblems(benchmark.id);
    return await sampleRun({
      store,
      provider,
      modelName: 'tiny',
      servedName: 'tiny',
      providerKind: 'openai-completions',
      endpoint: url,
      benchmarkId: benchmark.id,
      problems,
      rule: { kind: 'raw' },
      n: 40,
      params: { temperature: 1, topP: 0.95, maxTokens: 24, stop: [] },
      baseSeed: 11,
      concurrency: 8,
      maxChoicesPerRequest: 8,
      retry: retryPolicy,
      probeRetry: retry,
    });
  } finally {
    close();
    await store.close();
  }
}

describe('sampling through a fault-injecting proxy', () => {
  it('ends complete and exact: every (problem, sample) once, texts equal to a fault-free run', async () => {
    const cleanDb = path.join(fx.dir, 'clean.db');
    const clean = await sampleInto(cleanDb, server.url, 5_000);
    expect(clean.summary).toMatchObject({ stored: 240, failedSlots: 0, failedAttempts: 0 });

    const proxy = await startFaultProxy(server.url, { error500: 0.1, error429: 0.1, stall: 0.05, reset: 0.1, truncate: 0.1 }, 42, 800);
    try {
      const faultyDb = path.join(fx.dir, 'faulty.db');
      const faulty = await sampleInto(faultyDb, proxy.url, 300);
      for (const f of ['error500', 'error429', 'stall', 'reset', 'truncate'] as const) expect(proxy.counts[f]).toBeGreaterThan(0);
      expect(faulty.summary.failedAttempts).toBeGreaterThan(0);
      expect(faulty.summary.failedSlots).toBe(0);
      // The probe finds the same capabilities through the faults.
      expect({ ...faulty.capabilities, endpoint: '', probedAt: '' }).toEqual({ ...clean.capabilities, endpoint: '', probedAt: '' });
      const want = await studySlots(cleanDb);
      expect(want.size).toBe(240);
      expect(await studySlots(faultyDb)).toEqual(want);
    } finally {
      await proxy.close();
    }
  });

  it('records a persistent error on its own slots (same seeds), and a later run fills them exactly', async () => {
    const study = path.join(fx.dir, 'persistent.db');
    const proxy = await startFaultProxy(server.url, { error500: 0.5 }, 7);
    let failedFirst = 0;
    try {
      const first = await sampleInto(study, proxy.url, 2_000, { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 });
      expect(first.summary.failedSlots).toBeGreaterThan(0);
      expect(first.summary.failedSlots + first.summary.stored).toBe(240);
      const slots = await studySlots(study);
      const failed = [...slots.entries()].filter(([, v]) => v.error !== null);
      expect(failed.length).toBe(first.summary.failedSlots);
      failedFirst = failed.length;
      for (const [key, v] of failed) {
        const [p, s] = key.split('/');
        expect(v.error).toMatch(/^http 500/);
        expect(v.seed).toBe(sampleSeed(11, Number(p.slice(1)), Number(s)));
      }
    } finally {
      await proxy.close();
    }
    const second = await sampleInto(study, server.url, 2_000);
    expect(second.summary.stored).toBe(failedFirst);
    const clean = path.join(fx.dir, 'clean.db');
    expect(await studySlots(study)).toEqual(await studySlots(clean));
  });
});
