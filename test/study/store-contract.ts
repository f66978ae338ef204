import { describe, expect, it } from 'vitest';
import { afterEach } from 'vitest';
import { LATEST_SCHEMA_VERSION, VerdictConflictError, type StudyStore } from '../../src/study/index.js';
import { datasetPassAtK } from '../../src/analyze/index.js';
import { seedStore, slots } from './fixture.js';

/** Opens a fresh, empty study of one backend; `cleanup` runs after the test (store closed first). */
export type StoreFactory = () => Promise<{ store: StudyStore; cleanup: () => Promise<void> | void }>;

const key = { verifier: 'math', policy: 'paper', version: '1' };

/**
 * The behaviour every `StudyStore` backend must show, as one suite: the SQLite and PostgreSQL
 * test files each call it with their own factory, so both run the same assertions.
 */
export function storeContract(backend: string, factory: StoreFactory): void {
  let current: { store: StudyStore; cleanup: () => Promise<void> | void } | undefined;
  afterEach(async () => {
    await current?.store.close();
    await current?.cleanup();
    current = undefined;
  });
  async function study(problems = 3, n = 4) {
    current = await factory();
    return seedStore(current.store, problems, n);
  }

  describe(`study store contract (${backend})`, () => {
    it('creates the schema and gets-or-creates models, benchmarks, problems and runs', async () => {
      const { store, runId } = await study();
      expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
      const again = await store.putModel({ name: 'base', provider: 'other' });
      expect(again.provider).toBe('lab');
      expect((await store.listModels()).length).toBe(1);
      const bench = (await store.getBenchmark('toy'))!;
      expect((await store.putProblems(bench.id, [{ index: 0, key: 't0', prompt: 'x' }])).unchanged).toBe(1);
      const problems = await store.listProblems(bench.id);
      expect(problems.map((p) => [p.index, p.key, p.gold])).toEqual([
        [0, 't0', '0'],
        [1, 't1', '2'],
        [2, 't2', '4'],
      ]);
      // Same identity with keys in another order and a larger n: the same run, target raised.
      const r = await store.findOrCreateRun({
        modelId: again.id,
        benchmarkId: bench.id,
        sampling: { top_p: 0.95, temperature: 0.6 },
        targetN: 8,
        baseSeed: 7,
        promptTemplateHash: 'tpl',
      });
      expect(r.created).toBe(false);
      expect(r.run.id).toBe(runId);
      expect(r.run.targetN).toBe(8);
      expect((await store.getRun(runId))!.targetN).toBe(8);
      await store.setRunCapabilities(runId, { n: true, seed: 'consecutive' });
      expect((await store.getRun(runId))!.capabilities).toEqual({ n: true, seed: 'consecutive' });
      const other = await store.findOrCreateRun({
        modelId: again.id,
        benchmarkId: bench.id,
        sampling: { temperature: 1 },
        targetN: 2,
        baseSeed: 7,
        promptTemplateHash: 'tpl',
      });
      expect(other.created).toBe(true);
      await expect(store.setRunTargetN(9999, 3)).rejects.toThrow(/run 9999 does not exist/);
    });

    it('inserts samples idempotently; re-inserting changes nothing; a sample replaces a failed slot but never the reverse', async () => {
      const { store, runId, problemIds, baseSeed } = await study();
      const batch = slots(runId, problemIds, baseSeed, [
        [0, 0],
        [0, 1],
        [1, 0],
      ]);
      expect(await store.insertSamples(batch)).toEqual({ written: 3, unchanged: 0 });
      expect(
        await store.insertSamples(
          slots(
            runId,
            problemIds,
            baseSeed,
            [
              [0, 0],
              [0, 1],
              [1, 0],
            ],
            () => 'different',
          ),
        ),
      ).toEqual({ written: 0, unchanged: 3 });
      expect(await store.sampleTexts(runId, problemIds[0])).toEqual(['answer 0.0', 'answer 0.1']);
      // Seeds reach 2^53 and come back exactly.
      expect((await store.getSample((await first(store.iterateSamples(runId))).id))!.seed).toBe(batch[0].seed);

      await store.recordFailedSlot({ runId, problemId: problemIds[2], sampleIndex: 0, seed: 1, error: 'HTTP 500 after 5 attempts' });
      expect(await store.recordFailedSlot({ runId, problemId: problemIds[0], sampleIndex: 0, seed: 1, error: 'late failure' })).toEqual({
        written: 0,
        unchanged: 1,
      });
      expect((await store.runProgress(runId)).failedSlots).toBe(1);
      expect(await store.sampleIndices(runId, problemIds[2])).toEqual(new Set());
      expect(await store.sampleIndices(runId, problemIds[2], { includeFailed: true })).toEqual(new Set([0]));
      const missing = await store.missingSampleIndices(runId);
      expect(missing.get(problemIds[0])).toEqual([2, 3]);
      expect(missing.get(problemIds[2])).toEqual([0, 1, 2, 3]);
      expect((await store.missingSampleIndices(runId, { retryFailed: false })).get(problemIds[2])).toEqual([1, 2, 3]);
      await store.insertSamples(slots(runId, problemIds, baseSeed, [[2, 0]]));
      expect(await store.sampleTexts(runId, problemIds[2])).toEqual(['answer 2.0']);
      expect((await store.runProgress(runId)).failedSlots).toBe(0);
      await expect(store.insertSamples([{ runId, problemId: problemIds[0], sampleIndex: 9, seed: 1, text: null }])).rejects.toThrow(/CHECK|check constraint/);
      // The failed batch left nothing behind (one transaction per call).
      expect((await store.runProgress(runId)).samples).toBe(4);
    });

    it('streams samples in pages, and unverified samples while verdicts are being written; loadOutcomes feeds pass@k', async () => {
      const { store, runId, problemIds, baseSeed } = await study(3, 5);
      const pairs: [number, number][] = [];
      for (let p = 0; p < 3; p++) for (let s = 0; s < 5; s++) pairs.push([p, s]);
      await store.insertSamples(slots(runId, problemIds, baseSeed, pairs));
      const seen: string[] = [];
      for await (const s of store.iterateSamples(runId, { pageSize: 4 })) seen.push(`${s.problemId}:${s.sampleIndex}`);
      expect(seen).toEqual(pairs.map(([p, s]) => `${problemIds[p]}:${s}`));
      const onlyOne: number[] = [];
      for await (const s of store.iterateSamples(runId, { problemId: problemIds[1], pageSize: 2 })) onlyOne.push(s.sampleIndex);
      expect(onlyOne).toEqual([0, 1, 2, 3, 4]);

      // One problem's unverified samples, in pages (what a queued verify job of a slice reads).
      const ofProblem: number[] = [];
      for await (const s of store.unverifiedSamples(runId, key, { pageSize: 2, problemId: problemIds[1] })) ofProblem.push(s.sampleIndex);
      expect(ofProblem).toEqual([0, 1, 2, 3, 4]);

      let verified = 0;
      for await (const s of store.unverifiedSamples(runId, key, { pageSize: 4 })) {
        const correct = s.sampleIndex % 2 === 0 && s.problemId !== problemIds[2];
        await store.putVerdicts([
          { ...key, sampleId: s.id, correct, extracted: correct ? 'right' : s.sampleIndex === 1 ? null : 'wrong', reason: 'test', durationMs: 0.1 },
        ]);
        verified++;
      }
      expect(verified).toBe(15);
      let left = 0;
      for await (const _ of store.unverifiedSamples(runId, key)) left++;
      expect(left).toBe(0);
      for await (const _ of store.unverifiedSamples(runId, key, { problemId: problemIds[1] })) left++;
      expect(left).toBe(0);
      for await (const _ of store.unverifiedSamples(runId, { ...key, version: '2' })) left++;
      expect(left).toBe(15);
      expect(await store.listVerifierKeys(runId)).toEqual([key]);
      expect(await store.listVerifierKeys()).toEqual([key]);

      const outcomes = await store.loadOutcomes(runId, key);
      expect(outcomes.map((o) => [o.problemId, o.n, o.c])).toEqual([
        ['t0', 5, 3],
        ['t1', 5, 3],
        ['t2', 5, 0],
      ]);
      expect(outcomes[0].scores).toEqual([1, 0, 1, 0, 1]);
      expect(outcomes[0].answers).toEqual(['right', null, 'right', 'wrong', 'right']);
      expect(datasetPassAtK(outcomes, [1]).passAtK[0]).toBeCloseTo(0.4, 12);
      expect(await store.runProgress(runId, key)).toMatchObject({ problems: 3, samples: 15, verified: 15, correct: 6 });
    });

    it('stores scores, lab checkpoints with lineage, and reviews', async () => {
      const { store, runId, problemIds, baseSeed } = await study();
      await store.insertSamples(
        slots(runId, problemIds, baseSeed, [
          [0, 0],
          [1, 0],
        ]),
      );
      const samples: number[] = [];
      for await (const s of store.iterateSamples(runId)) samples.push(s.id);
      const scorer = await store.putModel({ name: 'scorer', provider: 'lab' });
      await store.putScores(samples.map((id, i) => ({ scorerModelId: scorer.id, sampleId: id, tokenCount: 10, nllSum: i + 1, byteCount: 30 })));
      await store.putScores([{ scorerModelId: scorer.id, sampleId: samples[0], tokenCount: 10, nllSum: 5, byteCount: 30, entropy: 0.4 }]);
      const scores = await store.loadScores(runId, scorer.id);
      expect(scores.map((s) => [s.problemKey, s.nllSum, s.entropy])).toEqual([
        ['t0', 5, 0.4],
        ['t1', 2, null],
      ]);

      await store.putLabCheckpoint({ name: 'base', stage: 'pretrain', path: 'base.safetensors', metrics: { loss: 1.2 } });
      await store.putLabCheckpoint({ name: 'grpo-100', parentName: 'base', stage: 'rl', algorithm: 'grpo', step: 100 });
      await expect(store.putLabCheckpoint({ name: 'x', parentName: 'nope', stage: 'rl' })).rejects.toThrow(/parent checkpoint "nope"/);
      const rl = (await store.getLabCheckpoint('grpo-100'))!;
      expect([rl.parentName, rl.algorithm, rl.step]).toEqual(['base', 'grpo', 100]);
      expect((await store.listLabCheckpoints()).map((c) => c.name)).toEqual(['base', 'grpo-100']);

      await store.putReview({ sampleId: samples[0], reviewer: 'ana', verdict: 'valid' });
      const r = await store.putReview({ sampleId: samples[0], reviewer: 'ana', verdict: 'invalid', note: 'guessed' });
      expect([r.verdict, r.note]).toEqual(['invalid', 'guessed']);
      expect((await store.listReviews({ runId })).length).toBe(1);
    });

    it('never replaces a stored verdict: identical is unchanged, different refuses the whole batch', async () => {
      const { store, runId, problemIds, baseSeed } = await study();
      await store.insertSamples(
        slots(runId, problemIds, baseSeed, [
          [0, 0],
          [0, 1],
        ]),
      );
      const [a, b] = await all(store.iterateSamples(runId));
      const verdict = (sampleId: number, correct: boolean, extracted: string | null) => ({ ...key, sampleId, correct, extracted, reason: 'r', durationMs: 0 });
      expect(await store.putVerdicts([verdict(a.id, true, '0')])).toEqual({ written: 1, unchanged: 0 });
      expect(await store.putVerdicts([verdict(a.id, true, '0'), verdict(b.id, false, '1')])).toEqual({ written: 1, unchanged: 1 });
      // A batch holding one changed grade writes nothing at all, not even its new verdicts.
      const c =
        (await store.insertSamples(slots(runId, problemIds, baseSeed, [[1, 0]])), (await all(store.iterateSamples(runId, { problemId: problemIds[1] })))[0]);
      await expect(store.putVerdicts([verdict(c.id, true, '2'), verdict(b.id, true, '1')])).rejects.toThrow(VerdictConflictError);
      expect((await store.loadOutcomes(runId, key)).map((o) => [o.problemId, o.scores])).toEqual([['t0', [1, 0]]]);
    });

    it('declares model roles, stores counts-only runs and records imports', async () => {
      const { store, runId, problemIds } = await study();
      const model = (await store.getModel('base'))!;
      expect(model.role).toBeNull();
      await store.setModelRole(model.id, 'base');
      expect((await store.getModel('base'))!.role).toBe('base');
      await expect(store.setModelRole(model.id, 'teacher' as never)).rejects.toThrow(/role must be one of/);
      expect((await store.getRun(runId))!.countsOnly).toBe(false);

      const rl = await store.putModel({ name: 'rl', provider: 'import' });
      const bench = (await store.getBenchmark('toy'))!;
      const { run } = await store.findOrCreateRun({
        modelId: rl.id,
        benchmarkId: bench.id,
        sampling: {},
        targetN: 8,
        baseSeed: 0,
        promptTemplateHash: 'import',
        countsOnly: true,
      });
      expect(run.countsOnly).toBe(true);
      const imported = { verifier: 'import', policy: 'counts', version: '1' };
      const first = await store.recordImport({
        runId: run.id,
        format: 'counts',
        file: 'a.jsonl',
        contentHash: 'h-a',
        samples: 16,
        firstSampleIndex: 0,
        countsOnly: true,
        settings: { temperature: 0.6 },
      });
      expect(first.created).toBe(true);
      expect(
        (
          await store.recordImport({
            runId: run.id,
            format: 'counts',
            file: 'copy.jsonl',
            contentHash: 'h-a',
            samples: 16,
            firstSampleIndex: 0,
            countsOnly: true,
          })
        ).created,
      ).toBe(false);
      const second = await store.recordImport({
        runId: run.id,
        format: 'counts',
        file: 'b.jsonl',
        contentHash: 'h-b',
        samples: 8,
        firstSampleIndex: 8,
        countsOnly: true,
      });
      await store.putProblemCounts([
        { ...imported, runId: run.id, problemId: problemIds[0], importId: first.record.id, n: 8, c: 3 },
        { ...imported, runId: run.id, problemId: problemIds[1], importId: first.record.id, n: 8, c: 0 },
        { ...imported, runId: run.id, problemId: problemIds[0], importId: second.record.id, n: 8, c: 5 },
      ]);
      await expect(store.putProblemCounts([{ ...imported, runId: run.id, problemId: problemIds[2], importId: first.record.id, n: 2, c: 3 }])).rejects.toThrow(
        /0 ≤ c ≤ n/,
      );
      const outcomes = await store.loadOutcomes(run.id, imported);
      expect(outcomes).toEqual([
        { problemId: 't0', n: 16, c: 8 },
        { problemId: 't1', n: 8, c: 0 },
      ]);
      expect(datasetPassAtK(outcomes, [1]).passAtK[0]).toBeCloseTo(0.25, 12);
      expect(await store.listVerifierKeys(run.id)).toEqual([imported]);
      expect(await store.runProgress(run.id, imported)).toMatchObject({ samples: 0, verified: 24, correct: 8 });
      expect([...(await store.countedProblems(run.id))].sort()).toEqual([problemIds[0], problemIds[1]].sort());
      const records = await store.listImports(run.id);
      expect(records.map((r) => [r.format, r.file, r.contentHash, r.samples, r.firstSampleIndex, r.countsOnly])).toEqual([
        ['counts', 'a.jsonl', 'h-a', 16, 0, true],
        ['counts', 'b.jsonl', 'h-b', 8, 8, true],
      ]);
      expect(records[0].settings).toEqual({ temperature: 0.6 });
      expect((await store.findImports('h-b')).map((r) => r.id)).toEqual([second.record.id]);
      expect(await store.listImports(runId)).toEqual([]);
    });

    it('runs a transaction whole or not at all, and nobody sees it half-done', async () => {
      const { store, runId, problemIds, baseSeed } = await study();
      await expect(
        store.transaction(async (tx) => {
          await tx.insertSamples(
            slots(runId, problemIds, baseSeed, [
              [0, 0],
              [0, 1],
            ]),
          );
          await tx.putModel({ name: 'half-made', provider: 'import' });
          throw new Error('bad row');
        }),
      ).rejects.toThrow('bad row');
      expect((await store.runProgress(runId)).samples).toBe(0);
      expect(await store.getModel('half-made')).toBeNull();
      const order: string[] = [];
      const inside = store.transaction(async (tx) => {
        await tx.insertSamples(slots(runId, problemIds, baseSeed, [[0, 0]]));
        await new Promise((r) => setTimeout(r, 30));
        order.push('transaction');
        return tx.transaction(async (nested) => (await nested.runProgress(runId)).samples);
      });
      const outside = store.runProgress(runId).then((p) => (order.push('outside'), p.samples));
      expect(await inside).toBe(1);
      // Whatever the engine, the outside reader sees the state before the commit or after it,
      // never a half-done one. A reader that finished first cannot have seen the commit; one that
      // finished later may still have read before it (PostgreSQL under load), so both are allowed.
      const seen = await outside;
      if (order[0] === 'outside') expect(seen).toBe(0);
      else expect([0, 1]).toContain(seen);
    });

    it('joins the per-sample table with one verifier', async () => {
      const { store, runId, problemIds, baseSeed } = await study();
      await store.insertSamples(
        slots(runId, problemIds, baseSeed, [
          [0, 0],
          [0, 1],
        ]),
      );
      const sample = await first(store.iterateSamples(runId));
      await store.putVerdicts([{ ...key, sampleId: sample.id, correct: true, extracted: '0', reason: 'equal', durationMs: 1 }]);
      const rows = [];
      for await (const r of store.iterateSampleTable({ runId, verifier: key, pageSize: 1 })) rows.push(r);
      expect(rows.map((r) => [r.model, r.benchmark, r.problem, r.sampleIndex, r.correct, r.extracted])).toEqual([
        ['base', 'toy', 't0', 0, true, '0'],
        ['base', 'toy', 't0', 1, null, null],
      ]);
      const unjoined = [];
      for await (const r of store.iterateSampleTable()) unjoined.push(r.correct);
      expect(unjoined).toEqual([null, null]);
    });
  });
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function first<T>(it: AsyncIterable<T>): Promise<T> {
  for await (const x of it) return x;
  throw new Error('empty');
}
