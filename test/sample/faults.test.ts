import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/sample/connect.js';
import { probeCapabilities, type Capabilities } from '../../src/sample/probe.js';
import { runSampling, type ProblemPrompt } from '../../src/sample/run-sampling.js';
import { startServer, type RunningServer } from '../../src/serve/http-server.js';
import { ToyModel } from '../serve/toy-model.js';
import { startFaultProxy } from './fault-proxy.js';
import { MemorySink } from './memory-sink.js';

const problems: ProblemPrompt[] = Array.from({ length: 6 }, (_, i) => ({ index: i, prompt: { kind: 'text', text: `Problem ${i}: say something.` } }));
const params = { temperature: 1, topP: 0.95, maxTokens: 24, stop: [] };
const seedOf = (p: number, s: number): number => 1_000 + p * 100_000 + s;

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(new ToyModel('toy'));
});
afterAll(async () => server.close());

async function sampleThrough(url: string, timeoutMs: number, maxChoices: number): Promise<{ sink: MemorySink; caps: Capabilities; failedAttempts: number; failedSlots: number }> {
  const { provider, close } = connect({ endpoint: url, model: 'toy', timeoutMs });
  try {
    const retry = { maxAttempts: 30, baseDelayMs: 1, maxDelayMs: 20 };
    const caps = await probeCapabilities(provider, { prompt: problems[0].prompt, retry });
    const sink = new MemorySink();
    const summary = await runSampling({
      provider,
      sink,
      problems,
      n: 40,
      seedOf,
      params,
      caps,
      concurrency: 8,
      maxChoicesPerRequest: maxChoices,
      retry,
    });
    return { sink, caps, failedAttempts: summary.failedAttempts, failedSlots: summary.failedSlots };
  } finally {
    close();
  }
}

describe('sampling through a fault-injecting proxy', () => {
  it('ends complete and exact: every (problem, sample) once, texts equal to a fault-free run', async () => {
    const clean = await sampleThrough(server.url, 5_000, 8);
    expect(clean.sink.slots.size).toBe(6 * 40);
    expect(clean.failedAttempts).toBe(0);

    const proxy = await startFaultProxy(server.url, { error500: 0.1, error429: 0.1, stall: 0.05, reset: 0.1, truncate: 0.1 }, 42, 800);
    try {
      const faulty = await sampleThrough(proxy.url, 300, 8);
      expect(proxy.counts.error500).toBeGreaterThan(0);
      expect(proxy.counts.error429).toBeGreaterThan(0);
      expect(proxy.counts.stall).toBeGreaterThan(0);
      expect(proxy.counts.reset).toBeGreaterThan(0);
      expect(proxy.counts.truncate).toBeGreaterThan(0);
      expect(faulty.failedAttempts).toBeGreaterThan(0);
      expect(faulty.failedSlots).toBe(0);
      expect(faulty.caps).toEqual({ ...clean.caps, endpoint: faulty.caps.endpoint, probedAt: faulty.caps.probedAt });
      expect(faulty.sink.textMap()).toEqual(clean.sink.textMap());
      for (const s of faulty.sink.slots.values()) expect(s.seed).toBe(seedOf(s.problemIndex, s.sampleIndex));
    } finally {
      await proxy.close();
    }
  });

  it('records a persistent error on its own slots and leaves every other slot exact', async () => {
    const proxy = await startFaultProxy(server.url, { error500: 1 }, 1);
    const { provider, close } = connect({ endpoint: proxy.url, model: 'toy', timeoutMs: 1000 });
    try {
      const caps = { endpoint: proxy.url, api: 'completions' as const, servedModels: ['toy'], answeringModel: 'toy', maxContext: null, seedDeterministic: true, seedDiverse: true, nSupported: true, nConsecutiveSeeds: true, logprobs: true, echo: true, probedAt: '' };
      const sink = new MemorySink();
      const summary = await runSampling({ provider, sink, problems: problems.slice(0, 2), n: 5, seedOf, params, caps, concurrency: 2, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
      expect(summary.failedSlots).toBe(10);
      expect(summary.failedAttempts).toBe(2 * 3);
      expect([...sink.slots.values()].every((s) => s.text === null && s.error?.startsWith('http 500') && s.attempts === 3)).toBe(true);
      expect([...sink.slots.values()].map((s) => s.seed).sort((a, b) => a - b)).toEqual([1000, 1001, 1002, 1003, 1004, 101000, 101001, 101002, 101003, 101004]);
    } finally {
      close();
      await proxy.close();
    }
  });
});
