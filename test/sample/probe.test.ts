import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCapabilities, CapabilityError } from '../../src/sample/capability-check.js';
import { connect } from '../../src/sample/connect.js';
import { probeCapabilities } from '../../src/sample/probe.js';
import { runSampling } from '../../src/sample/run-sampling.js';
import { startServer, type RunningServer } from '../../src/serve/http-server.js';
import type { SampleOptions, SampledTokens, ServableModel } from '../../src/serve/servable-model.js';
import { ToyModel } from '../serve/toy-model.js';
import { MemorySink } from './memory-sink.js';

/** A model behind a server that drops the request's seed and samples with engine seed 0 (vLLM V1's default). */
class SeedIgnoringModel extends ToyModel {
  override sample(ids: number[], o: SampleOptions): Promise<SampledTokens[]> {
    return super.sample(ids, { ...o, seeds: o.seeds.map(() => 0) });
  }
}

/** A model that only ever returns one choice, whatever n is (servers without `n`). */
class SingleChoiceModel extends ToyModel {
  override async sample(ids: number[], o: SampleOptions): Promise<SampledTokens[]> {
    return super.sample(ids, { ...o, seeds: o.seeds.slice(0, 1) });
  }
}

const prompt = { kind: 'text' as const, text: 'Tell me a story.' };
const servers: RunningServer[] = [];
let good: string;
let ignoring: string;
let single: string;

beforeAll(async () => {
  const start = async (m: ServableModel) => {
    const s = await startServer(m);
    servers.push(s);
    return s.url;
  };
  good = await start(new ToyModel('toy'));
  ignoring = await start(new SeedIgnoringModel('toy'));
  single = await start(new SingleChoiceModel('toy'));
});
afterAll(async () => Promise.all(servers.map((s) => s.close())));

async function probe(url: string) {
  const c = connect({ endpoint: url, model: 'toy', timeoutMs: 5000 });
  try {
    return await probeCapabilities(c.provider, { prompt });
  } finally {
    c.close();
  }
}

describe('capability probe', () => {
  it('finds everything on rlbound serve', async () => {
    const caps = await probe(good);
    expect(caps).toMatchObject({
      servedModels: ['toy'],
      answeringModel: 'toy',
      maxContext: 4096,
      seedDeterministic: true,
      seedDiverse: true,
      nSupported: true,
      nConsecutiveSeeds: true,
      logprobs: true,
      echo: true,
    });
    expect(checkCapabilities(caps, { model: 'toy', temperature: 0.6, maxTokens: 100, echo: true })).toEqual([]);
  });

  it('refuses settings the server cannot honour, saying which server would', async () => {
    const caps = await probe(good);
    expect(() => checkCapabilities(caps, { model: 'other', temperature: 1, maxTokens: 10 })).toThrow(/does not serve model "other" \(it serves: toy\)/);
    expect(() => checkCapabilities(caps, { model: 'toy', temperature: 1, maxTokens: 5000 })).toThrow(/context of 4096/);
    expect(() => checkCapabilities({ ...caps, echo: false }, { model: 'toy', temperature: 1, maxTokens: 10, echo: true })).toThrow(/vLLM or SGLang/);
  });

  it('detects a server without n and falls back to one request per sample', async () => {
    const caps = await probe(single);
    expect(caps.nSupported).toBe(false);
    expect(checkCapabilities(caps, { model: 'toy', temperature: 1, maxTokens: 10 })[0]).toMatch(/ignores n > 1/);
  });

  it('detects a server that ignores seeds, refuses by default, and flags the duplicates when forced', async () => {
    const caps = await probe(ignoring);
    expect(caps.seedDiverse).toBe(false);
    expect(() => checkCapabilities(caps, { model: 'toy', temperature: 1, maxTokens: 10 })).toThrow(CapabilityError);
    expect(() => checkCapabilities(caps, { model: 'toy', temperature: 1, maxTokens: 10 })).toThrow(
      /vLLM, SGLang, llama-server, Ollama and rlbound serve honour/,
    );
    expect(checkCapabilities(caps, { model: 'toy', temperature: 1, maxTokens: 10, allowUnseeded: true })).toHaveLength(1);

    const c = connect({ endpoint: ignoring, model: 'toy', timeoutMs: 5000 });
    try {
      const problems = [0, 1, 2].map((i) => ({ index: i, prompt: { kind: 'text' as const, text: `Problem ${i}` } }));
      const summary = await runSampling({
        provider: c.provider,
        sink: new MemorySink(),
        problems,
        n: 8,
        seedOf: (p, s) => p * 100 + s,
        params: { temperature: 1, topP: 1, maxTokens: 12, stop: [] },
        caps,
        concurrency: 4,
      });
      expect(summary.stored).toBe(24);
      expect(summary.duplicateSamples).toBe(3 * 7);
      expect(summary.duplicateProblems).toEqual(
        [0, 1, 2].map((i) => ({ problemIndex: i, total: 8, distinct: 1, duplicates: 7, longestRepeatedBytes: expect.any(Number), suspicious: true })),
      );
    } finally {
      c.close();
    }
  });

  it('reports no duplicates on a server that honours seeds', async () => {
    const caps = await probe(good);
    const c = connect({ endpoint: good, model: 'toy', timeoutMs: 5000 });
    try {
      const summary = await runSampling({
        provider: c.provider,
        sink: new MemorySink(),
        problems: [{ index: 0, prompt }],
        n: 32,
        seedOf: (_p, s) => s,
        params: { temperature: 1, topP: 1, maxTokens: 12, stop: [] },
        caps,
        concurrency: 4,
      });
      expect(summary.duplicateSamples).toBe(0);
    } finally {
      c.close();
    }
  });
});
