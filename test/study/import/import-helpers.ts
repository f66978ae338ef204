import path from 'node:path';
import { openStudy, type StudyStore, type VerifierKey } from '../../../src/study/index.js';
import { tempDir } from '../fixture.js';

/** A fresh SQLite study in a temp dir. */
export async function freshStudy(): Promise<{ dir: string; file: string; store: StudyStore; cleanup: () => Promise<void> }> {
  const t = tempDir();
  const file = path.join(t.dir, 'study.sqlite');
  const store = await openStudy(file);
  return { dir: t.dir, file, store, cleanup: async () => (await store.close(), t.cleanup()) };
}

/** Per-problem [key, n, c] of a run under a verifier key. */
export async function countsOf(store: StudyStore, runId: number, key: VerifierKey): Promise<[string, number, number][]> {
  return (await store.loadOutcomes(runId, key)).map((o) => [o.problemId, o.n, o.c]);
}

/** The stored texts of a run, per problem in slot order. */
export async function textsOf(store: StudyStore, runId: number): Promise<string[][]> {
  const byProblem = new Map<number, string[]>();
  for await (const s of store.iterateSamples(runId)) {
    let list = byProblem.get(s.problemId);
    if (!list) byProblem.set(s.problemId, (list = []));
    list.push(s.text ?? '');
  }
  return [...byProblem.values()];
}
