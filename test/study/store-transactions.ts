import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type StudyStore } from '../../src/study/index.js';
import { seedStore, slots } from './fixture.js';

/** A fresh, empty study location of one backend (file path or database URL); `cleanup` runs after the test. */
export type LocationFactory = () => Promise<{ location: string; cleanup: () => Promise<void> | void }>;

/**
 * Atomicity of the store's multi-statement writes, on any backend: several connections to one
 * study race `findOrCreateRun`, and a batch with a failing statement must leave no trace.
 */
export function storeTransactions(backend: string, factory: LocationFactory): void {
  let open: StudyStore[] = [];
  let cleanup: (() => Promise<void> | void) | undefined;
  afterEach(async () => {
    await Promise.all(open.map((s) => s.close()));
    await cleanup?.();
    open = [];
    cleanup = undefined;
  });
  async function connections(count: number): Promise<StudyStore[]> {
    const study = await factory();
    cleanup = study.cleanup;
    for (let i = 0; i < count; i++) open.push(await openStore(study.location));
    return open;
  }

  describe(`study store transactions (${backend})`, () => {
    it('creates a run once when connections race findOrCreateRun, and raises its target n to the largest asked', async () => {
      const stores = await connections(6);
      const model = await stores[0].putModel({ name: 'm', provider: 'lab' });
      const bench = await stores[0].putBenchmark({ name: 'b', source: 'test', contentHash: 'h' });
      const identity = { modelId: model.id, benchmarkId: bench.id, sampling: { temperature: 1 }, baseSeed: 3, promptTemplateHash: 't' };
      // Rounds of racing calls with targets in a scrambled order; a read-modify-write that is not
      // atomic lets a smaller target overwrite a larger one written in between.
      let runId: number | undefined;
      for (let round = 0; round < 12; round++) {
        const targets = stores.map((_, i) => 10 * round + ((i * 5 + round) % stores.length) + 1);
        const results = await Promise.all(stores.map((s, i) => s.findOrCreateRun({ ...identity, targetN: targets[i] })));
        expect(results.filter((r) => r.created)).toHaveLength(round === 0 ? 1 : 0);
        runId ??= results[0].run.id;
        for (const [i, r] of results.entries()) expect([r.run.id, r.run.targetN >= targets[i]]).toEqual([runId, true]);
        expect((await stores[round % stores.length].getRun(runId))!.targetN).toBe(Math.max(...targets));
      }
      // A smaller target never lowers it.
      const again = await stores[2].findOrCreateRun({ ...identity, targetN: 2 });
      expect(again).toMatchObject({ created: false, run: { id: runId, targetN: 116 } });
      expect(await stores[3].listRuns()).toHaveLength(1);
    });

    it('writes a batch whole or not at all', async () => {
      const [store] = await connections(1);
      const { runId, problemIds, baseSeed } = await seedStore(store, 2, 4);
      const bench = (await store.getBenchmark('toy'))!;
      // The third problem reuses a key: the whole call fails and the first two new ones are not kept.
      const problems = [
        { index: 5, key: 'new5', prompt: 'a' },
        { index: 6, key: 'new6', prompt: 'b' },
        { index: 7, key: 't0', prompt: 'c' },
      ];
      await expect(store.putProblems(bench.id, problems)).rejects.toThrow(/unique|duplicate/i);
      expect((await store.listProblems(bench.id)).map((p) => p.key)).toEqual(['t0', 't1']);
      // A sample of a problem that does not exist, last in the batch: none of the batch is stored.
      const batch = [
        ...slots(runId, problemIds, baseSeed, [
          [0, 0],
          [1, 0],
        ]),
        { ...slots(runId, problemIds, baseSeed, [[0, 1]])[0], problemId: 999_999 },
      ];
      await expect(store.insertSamples(batch)).rejects.toThrow(/foreign key/i);
      expect((await store.runProgress(runId)).samples).toBe(0);
      expect(await store.insertSamples(batch.slice(0, 2))).toEqual({ written: 2, unchanged: 0 });
    });
  });
}
