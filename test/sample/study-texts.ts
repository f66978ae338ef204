import { existsSync } from 'node:fs';
import { openStudy } from '../../src/study/index.js';

/** All slots of every run of a study as "run/problemKey/sampleIndex" → {text, seed, error}. */
export async function studySlots(file: string, runId = 1): Promise<Map<string, { text: string | null; seed: number; error: string | null }>> {
  if (!existsSync(file)) return new Map();
  // Not readonly: a sampler killed while creating the study leaves it unmigrated (the next open migrates it).
  const store = await openStudy(file);
  try {
    const run = await store.getRun(runId);
    if (run === null) return new Map();
    const keys = new Map((await store.listProblems(run.benchmarkId)).map((p) => [p.id, p.key]));
    const out = new Map<string, { text: string | null; seed: number; error: string | null }>();
    for await (const s of store.iterateSamples(runId)) out.set(`${keys.get(s.problemId)}/${s.sampleIndex}`, { text: s.text, seed: s.seed, error: s.error });
    return out;
  } finally {
    await store.close();
  }
}
