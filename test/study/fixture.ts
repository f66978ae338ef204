import { mkdtempSync, rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStudy, sampleSeed, type StudyStore, type SampleInput } from '../../src/study/index.js';

/** A fresh temp directory, removed by the returned cleanup function. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'rlbound-study-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A study with one model, one benchmark of `problems` problems and one run of target n. */
export async function seededStudy(file: string, problems = 3, n = 4): Promise<{ store: StudyStore; runId: number; problemIds: number[]; baseSeed: number }> {
  return seedStore(await openStudy(file), problems, n);
}

/** Seeds an empty store (any backend) like `seededStudy`. */
export async function seedStore(store: StudyStore, problems = 3, n = 4): Promise<{ store: StudyStore; runId: number; problemIds: number[]; baseSeed: number }> {
  const model = await store.putModel({ name: 'base', provider: 'lab' });
  const bench = await store.putBenchmark({ name: 'toy', source: 'test', contentHash: 'h1' });
  await store.putProblems(
    bench.id,
    Array.from({ length: problems }, (_, i) => ({ index: i, key: `t${i}`, prompt: `What is ${i}+${i}?`, gold: String(2 * i) })),
  );
  const { run } = await store.findOrCreateRun({
    modelId: model.id,
    benchmarkId: bench.id,
    sampling: { temperature: 0.6, top_p: 0.95 },
    targetN: n,
    baseSeed: 7,
    promptTemplateHash: 'tpl',
  });
  const problemIds = (await store.listProblems(bench.id)).map((p) => p.id);
  return { store, runId: run.id, problemIds, baseSeed: 7 };
}

/** Sample slots for (problem position, sample index) pairs, with the run's seed function. */
export function slots(
  runId: number,
  problemIds: number[],
  baseSeed: number,
  pairs: [number, number][],
  text = (p: number, s: number) => `answer ${p}.${s}`,
): SampleInput[] {
  return pairs.map(([p, s]) => ({
    runId,
    problemId: problemIds[p],
    sampleIndex: s,
    seed: sampleSeed(baseSeed, p, s),
    text: text(p, s),
    finishReason: 'stop',
    completionTokens: 3,
    latencyMs: 1,
  }));
}

/**
 * Registers an afterEach that closes the test's store and removes its temp directory; `open`
 * records them for the current test.
 */
export function perTestStudy(): { track: (store: StudyStore | null, cleanup: () => void) => void } {
  let current: { store: StudyStore | null; cleanup: () => void } | undefined;
  afterEach(async () => {
    await current?.store?.close();
    current?.cleanup();
    current = undefined;
  });
  return { track: (store, cleanup) => void (current = { store, cleanup }) };
}
