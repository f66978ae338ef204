import { describe, expect, it, afterEach } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../../src/errors.js';
import { importResults, sourceVerdictKey, VerdictConflictError, type StudyStore } from '../../../src/study/index.js';
import { tempDir } from '../fixture.js';
import { writeCounts } from './fixtures/counts.js';
import { writeMathEval } from './fixtures/math-eval.js';

/** Opens a fresh, empty study of one backend. */
export type ImportStoreFactory = () => Promise<{ store: StudyStore; cleanup: () => Promise<void> | void }>;

/** Everything a user could see of a study, to prove an import changed nothing. */
async function snapshot(store: StudyStore): Promise<unknown> {
  const runs = await store.listRuns();
  const perRun = [];
  for (const run of runs) {
    const keys = await store.listVerifierKeys(run.id);
    const outcomes = [];
    for (const key of keys) outcomes.push(await store.loadOutcomes(run.id, key));
    const texts: (string | null)[] = [];
    for await (const s of store.iterateSamples(run.id)) texts.push(s.text);
    perRun.push({ run, keys, outcomes, texts, imports: await store.listImports(run.id) });
  }
  const benchmarks = await store.listBenchmarks();
  const problems = [];
  for (const b of benchmarks) problems.push(await store.listProblems(b.id));
  return { models: await store.listModels(), benchmarks, problems, perRun };
}

/** The paper's per-seed 0/1 lists (results format): `c` correct of `n` per problem, no texts. */
function scoreFile(file: string, rows: number[][]): string {
  writeFileSync(file, rows.map((score, idx) => JSON.stringify({ idx, score })).join('\n') + '\n');
  return file;
}

/**
 * "Nothing lost, ever": the data-loss scenario of issue 14, re-imports, conflicts, bad rows and
 * dry runs, with the same assertions on every backend.
 */
export function importSafetyContract(backend: string, factory: ImportStoreFactory): void {
  let current: { store: StudyStore; cleanup: () => Promise<void> | void } | undefined;
  let dir: { dir: string; cleanup: () => void } | undefined;
  afterEach(async () => {
    await current?.store.close();
    await current?.cleanup();
    dir?.cleanup();
    current = undefined;
    dir = undefined;
  });
  async function study() {
    current = await factory();
    dir = tempDir();
    return { store: current.store, dir: dir.dir };
  }
  const key = sourceVerdictKey('results');

  describe(`import never loses a stored sample (${backend})`, () => {
    it("refuses a second seed file over the first one's slots (exit 2, nothing changed); --append pools it", async () => {
      const { store, dir } = await study();
      const seed1 = scoreFile(path.join(dir, 'seed1.jsonl'), [
        [1, 1, 1, 0],
        [0, 0, 0, 0],
        [1, 0, 1, 1],
      ]);
      const seed2 = scoreFile(path.join(dir, 'seed2.jsonl'), [
        [0, 0, 1, 0],
        [0, 1, 0, 0],
        [0, 0, 0, 1],
      ]);
      const [first] = await importResults(store, { inputs: [seed1], model: 'qwen', benchmark: 'aime-mini' });
      expect((await store.loadOutcomes(first!.runId!, key)).map((o) => o.c)).toEqual([3, 0, 3]);
      const before = await snapshot(store);
      const refused = importResults(store, { inputs: [seed2], model: 'qwen', benchmark: 'aime-mini' });
      await expect(refused).rejects.toThrow(InputError);
      await expect(refused).rejects.toThrow(/seed2\.jsonl:1: slot 0 of problem "0" already holds another sample.*--append \(the next free slot is 4\)/);
      expect(await snapshot(store)).toEqual(before);

      const [pooled] = await importResults(store, { inputs: [seed2], model: 'qwen', benchmark: 'aime-mini', append: true });
      expect([pooled!.runId, pooled!.firstSampleIndex, pooled!.samples]).toEqual([first!.runId, 4, 12]);
      const outcomes = await store.loadOutcomes(first!.runId!, key);
      expect(outcomes.map((o) => [o.n, o.c])).toEqual([
        [8, 4],
        [8, 1],
        [8, 4],
      ]);
      expect(outcomes[0]!.scores).toEqual([1, 1, 1, 0, 0, 0, 1, 0]);
      expect((await store.getRun(first!.runId!))!.targetN).toBe(8);
    });

    it('re-importing the same content is a no-op; an explicit offset places new content; different verdicts on the same texts are refused', async () => {
      const { store, dir } = await study();
      const [seed0, seed1] = writeMathEval(dir, 'base');
      const first = await importResults(store, { inputs: [seed0!, seed1!], model: 'base' });
      const before = await snapshot(store);
      const again = await importResults(store, { inputs: [seed1!, seed0!], model: 'base' });
      expect(again.map((r) => r.status)).toEqual(['unchanged', 'unchanged']);
      expect(await snapshot(store)).toEqual(before);

      // The same texts with one verdict flipped, into the same slots: refused, nothing written.
      const flipped = path.join(path.dirname(seed0!), 'test_qwen25-math-cot_-1_seed5_t0.6_s0_e-1.jsonl');
      const rows = (await import('node:fs'))
        .readFileSync(seed0!, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { score: boolean[] });
      rows[0]!.score[0] = !rows[0]!.score[0];
      writeFileSync(flipped, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      await expect(importResults(store, { inputs: [flipped], model: 'base', sampleOffset: 0 })).rejects.toThrow(VerdictConflictError);
      expect(await snapshot(store)).toEqual(before);
      // At a free offset it is simply more samples.
      const [placed] = await importResults(store, { inputs: [flipped], model: 'base', sampleOffset: 10 });
      expect([placed!.runId, placed!.firstSampleIndex]).toEqual([first[0]!.runId, 10]);
      expect((await store.loadOutcomes(placed!.runId!, sourceVerdictKey('math-eval'))).map((o) => o.n)).toEqual([6, 6, 6]);
    });

    it('a bad row anywhere names file, line and field and leaves the study exactly as before', async () => {
      const { store, dir } = await study();
      await importResults(store, {
        inputs: [
          scoreFile(path.join(dir, 'ok.jsonl'), [
            [1, 0],
            [0, 0],
          ]),
        ],
        model: 'a',
        benchmark: 'b',
      });
      const before = await snapshot(store);
      const [seed0] = writeMathEval(path.join(dir, 'm'), 'rl');
      const lines = (await import('node:fs')).readFileSync(seed0!, 'utf8').trim().split('\n');
      lines[2] = lines[2]!.replace('"code":[', '"code":[7,');
      writeFileSync(seed0!, lines.join('\n') + '\n');
      // The first rows are fine and would have been written: the transaction takes them back.
      await expect(importResults(store, { inputs: [seed0!], model: 'a', benchmark: 'b' })).rejects.toThrow(/seed0_t0\.6_s0_e-1\.jsonl:3, field "code\.0": /);
      expect(await snapshot(store)).toEqual(before);
    });

    it('--dry-run reports what would be imported and writes nothing', async () => {
      const { store, dir } = await study();
      const before = await snapshot(store);
      const reports = await importResults(store, { inputs: writeMathEval(dir, 'rl'), model: 'rl', dryRun: true });
      expect(reports.map((r) => [r.status, r.problems, r.samples, r.sourceVerdicts, r.firstSampleIndex])).toEqual([
        ['would-import', 3, 6, 6, 0],
        ['would-import', 3, 6, 6, 2],
      ]);
      expect(await snapshot(store)).toEqual(before);
    });

    it('counts: a second counts file for the same problems is refused unless pooled with --append', async () => {
      const { store, dir } = await study();
      const a = writeCounts(path.join(dir, 'a.jsonl'), 'base');
      const b = writeCounts(path.join(dir, 'b.jsonl'), 'rl');
      const [first] = await importResults(store, { inputs: [a], model: 'm', benchmark: 'toy' });
      const before = await snapshot(store);
      await expect(importResults(store, { inputs: [b], model: 'm', benchmark: 'toy' })).rejects.toThrow(
        /b\.jsonl:1, field "problem": .*already has counts.*--append/,
      );
      expect(await snapshot(store)).toEqual(before);
      await importResults(store, { inputs: [b], model: 'm', benchmark: 'toy', append: true });
      expect((await store.loadOutcomes(first!.runId!, sourceVerdictKey('counts'))).map((o) => [o.n, o.c])).toEqual([
        [8, 5],
        [8, 1],
        [8, 7],
      ]);
    });
  });
}
