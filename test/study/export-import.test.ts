import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { openStudy, exportSamplesJsonl, exportSamplesParquet, importResultsJsonl, IMPORTED_VERIFIER, parseResultsJsonl, toOutcomes } from '../../src/study/index.js';
import { perTestStudy, tempDir } from './fixture.js';

const lifecycle = perTestStudy();

const paperRows = [
  { idx: 0, question: 'q0', gt: '5', code: ['so 5', 'so 4', 'so 5'], pred: ['5', '4', '5'], score: [true, false, true] },
  { idx: 1, question: 'q1', gt: '2', code: ['x', 'y', 'z'], pred: ['1', null, '3'], score: [false, false, false] },
  { idx: 2, question: 'q2', gt: '7', code: ['7', '7', 'seven'], pred: ['7', '7', '7'], score: [true, true, true] },
];

async function setup() {
  const t = tempDir();
  const file = path.join(t.dir, 'seed1.jsonl');
  writeFileSync(file, paperRows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const store = await openStudy(path.join(t.dir, 'study.sqlite'));
  lifecycle.track(store, t.cleanup);
  return { dir: t.dir, file, store };
}

describe('import', () => {
  it("imports the paper's per-seed rows as samples + verdicts; loadOutcomes gives them back; re-import is idempotent", async () => {
    const { file, store } = await setup();
    const r = await importResultsJsonl(store, file, { model: 'Qwen2.5-7B', benchmark: 'aime-mini' });
    expect([r.problems, r.samplesWritten, r.samplesUnchanged]).toEqual([3, 9, 0]);
    const outcomes = await store.loadOutcomes(r.run.id, IMPORTED_VERIFIER);
    expect(outcomes).toEqual(toOutcomes(parseResultsJsonl(readFileSync(file, 'utf8'), file)));
    expect(outcomes.map((o) => o.c)).toEqual([2, 0, 3]);
    const again = await importResultsJsonl(store, file, { model: 'Qwen2.5-7B', benchmark: 'aime-mini' });
    expect(again.run.id).toBe(r.run.id);
    expect([again.samplesWritten, again.samplesUnchanged]).toEqual([0, 9]);
    expect((await store.runProgress(r.run.id, IMPORTED_VERIFIER))).toMatchObject({ samples: 9, verified: 9, correct: 5 });

    // A second seed file pooled into the same run (sample indices 3..5).
    const pooled = await importResultsJsonl(store, file, { model: 'Qwen2.5-7B', benchmark: 'aime-mini', sampleOffset: 3 });
    expect(pooled.run.id).toBe(r.run.id);
    expect(pooled.run.targetN).toBe(6);
    expect((await store.loadOutcomes(r.run.id, IMPORTED_VERIFIER)).map((o) => [o.n, o.c])).toEqual([[6, 4], [6, 0], [6, 6]]);
  });

  it('refuses count-only rows and problems unknown to an existing benchmark, naming the line', async () => {
    const { dir, file, store } = await setup();
    await importResultsJsonl(store, file, { model: 'a', benchmark: 'b' });
    const counts = path.join(dir, 'counts.jsonl');
    writeFileSync(counts, '{"problem":"0","n":3,"c":1}\n');
    await expect(importResultsJsonl(store, counts, { model: 'a' })).rejects.toThrow(/counts\.jsonl:1: only counts/);
    const extra = path.join(dir, 'extra.jsonl');
    writeFileSync(extra, '{"problem":"0","scores":[1]}\n{"problem":"99","scores":[1]}\n');
    await expect(importResultsJsonl(store, extra, { model: 'c', benchmark: 'b' })).rejects.toThrow(/extra\.jsonl:2, field "problem": problem "99" is not in benchmark "b"/);
  });
});

describe('export', () => {
  it('writes the per-sample table as JSONL and as Parquet that an independent reader reads back', async () => {
    const { dir, file, store } = await setup();
    const { run } = await importResultsJsonl(store, file, { model: 'base' });
    const jsonl = path.join(dir, 'samples.jsonl');
    const j = await exportSamplesJsonl(store, jsonl);
    expect(j.rows).toBe(9);
    expect(j.verifier).toEqual(IMPORTED_VERIFIER);
    const lines = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ run_id: run.id, model: 'base', benchmark: 'seed1', problem: '0', problem_index: 0, sample_index: 0, correct: true, extracted: '5', text: 'so 5', error: null });
    expect(lines.filter((l) => l.correct).length).toBe(5);

    const pq = path.join(dir, 'samples.parquet');
    const p = await exportSamplesParquet(store, pq, { rowGroupSize: 4 });
    expect(p.rows).toBe(9);
    const bytes = readFileSync(pq);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    expect(parquetMetadata(buffer).row_groups.length).toBe(3);
    const objects = (await parquetReadObjects({ file: buffer })) as Record<string, unknown>[];
    expect(objects.length).toBe(9);
    objects.forEach((o, i) => {
      expect(o.problem).toBe(lines[i].problem);
      expect(o.sample_index).toBe(lines[i].sample_index);
      expect(o.correct).toBe(lines[i].correct);
      expect(o.extracted).toBe(lines[i].extracted);
      expect(o.text).toBe(lines[i].text);
      expect(Number(o.seed)).toBe(lines[i].seed);
    });
    expect(objects[4].extracted).toBeNull();
  });

  it('asks which verifier when several graded the study', async () => {
    const { dir, file, store } = await setup();
    await importResultsJsonl(store, file, { model: 'base' });
    await importResultsJsonl(store, file, { model: 'base', verifier: { verifier: 'math', policy: 'strict', version: '1' } });
    await expect(exportSamplesJsonl(store, path.join(dir, 'x.jsonl'))).rejects.toThrow(/2 verifiers \(import\/as-recorded@1, math\/strict@1\); choose one/);
    const r = await exportSamplesJsonl(store, path.join(dir, 'x.jsonl'), { verifier: { verifier: 'math', policy: 'strict', version: '1' } });
    expect(r.rows).toBe(9);
  });
});
