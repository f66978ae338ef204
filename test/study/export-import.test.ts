import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { datasetPassAtK } from '../../src/analyze/index.js';
import { openStudy, exportSamplesJsonl, exportSamplesParquet, importResults, sourceVerdictKey, type StudyStore } from '../../src/study/index.js';
import { perTestStudy, tempDir } from './fixture.js';
import { writeMathEval } from './import/fixtures/math-eval.js';
import { EXPECTED_C } from './import/scenario.js';

const lifecycle = perTestStudy();
const key = sourceVerdictKey('math-eval');

async function setup() {
  const t = tempDir();
  const store = await openStudy(path.join(t.dir, 'study.sqlite'));
  lifecycle.track(store, () => undefined);
  for (const model of ['base', 'rl'] as const) await importResults(store, { inputs: writeMathEval(t.dir, model), model });
  return { dir: t.dir, store, cleanup: t.cleanup };
}

/** Per model: outcomes (with per-sample scores and answers), pass@k and coverage. */
async function summary(store: StudyStore) {
  const out: Record<string, unknown> = {};
  for (const run of await store.listRuns()) {
    const model = (await store.getModelById(run.modelId))!.name;
    const outcomes = await store.loadOutcomes(run.id, key);
    const seeds: number[] = [];
    for await (const s of store.iterateSamples(run.id)) seeds.push(s.seed);
    out[model] = { outcomes, passAtK: datasetPassAtK(outcomes, [1, 2, 4]).passAtK, coverage: outcomes.filter((o) => o.c > 0).length, seeds };
  }
  return out;
}

describe('export → import round trip', () => {
  for (const form of ['jsonl', 'parquet'] as const) {
    it(`gives back identical verdicts, pass@k and coverage (${form})`, async () => {
      const { dir, store, cleanup } = await setup();
      const file = path.join(dir, `export.${form}`);
      const exported = form === 'jsonl' ? await exportSamplesJsonl(store, file) : await exportSamplesParquet(store, file, { rowGroupSize: 5 });
      expect([exported.rows, exported.verifier]).toEqual([24, key]);
      const copy = await openStudy(path.join(dir, 'copy.sqlite'));
      try {
        const reports = await importResults(copy, { inputs: [file] });
        expect(reports.map((r) => [r.format, r.model, r.samples, r.sourceVerdicts])).toEqual([
          ['rlbound-export', 'base', 12, 12],
          ['rlbound-export', 'rl', 12, 12],
        ]);
        const original = await summary(store);
        expect(await summary(copy)).toEqual(original);
        expect((original.rl as { outcomes: { c: number }[] }).outcomes.map((o) => o.c)).toEqual(EXPECTED_C.rl);
        // Importing the export again changes nothing.
        expect((await importResults(copy, { inputs: [file] })).map((r) => r.status)).toEqual(['unchanged', 'unchanged']);
      } finally {
        await copy.close();
        cleanup();
      }
    });
  }

  it('writes the per-sample table as JSONL and as Parquet that an independent reader reads back', async () => {
    const { dir, store, cleanup } = await setup();
    const jsonl = path.join(dir, 'samples.jsonl');
    await exportSamplesJsonl(store, jsonl);
    const lines = readFileSync(jsonl, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      model: 'base',
      benchmark: 'toy-math',
      problem: '0',
      problem_index: 0,
      sample_index: 0,
      verifier: 'import/math-eval@1',
      correct: true,
      extracted: '5',
      error: null,
    });
    const pq = path.join(dir, 'samples.parquet');
    const p = await exportSamplesParquet(store, pq, { rowGroupSize: 4 });
    expect(p.rows).toBe(24);
    const bytes = readFileSync(pq);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    expect(parquetMetadata(buffer).row_groups.length).toBe(6);
    const objects = (await parquetReadObjects({ file: buffer })) as Record<string, unknown>[];
    objects.forEach((o, i) => {
      expect([o.problem, o.sample_index, o.correct, o.extracted, o.text, o.verifier]).toEqual([
        lines[i].problem,
        lines[i].sample_index,
        lines[i].correct,
        lines[i].extracted,
        lines[i].text,
        lines[i].verifier,
      ]);
      expect(Number(o.seed)).toBe(lines[i].seed);
    });
    cleanup();
  });

  it('asks which verifier when several graded the study', async () => {
    const { dir, store, cleanup } = await setup();
    let first: number | undefined;
    for await (const s of store.iterateSamples((await store.listRuns())[0]!.id)) first ??= s.id;
    await store.putVerdicts([
      { verifier: 'math', policy: 'strict', version: '1', sampleId: first!, correct: true, extracted: '5', reason: 'equal', durationMs: 0 },
    ]);
    await expect(exportSamplesJsonl(store, path.join(dir, 'x.jsonl'))).rejects.toThrow(/2 verifiers \(import\/math-eval@1, math\/strict@1\); choose one/);
    expect((await exportSamplesJsonl(store, path.join(dir, 'x.jsonl'), { verifier: { verifier: 'math', policy: 'strict', version: '1' } })).rows).toBe(24);
    cleanup();
  });
});
