import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { importResults, readerFor, sourceVerdictKey, type StudyStore } from '../../../src/study/index.js';
import { MathGradingPool } from '../../../src/verify/math/pool.js';
import { verifyRun } from '../../../src/pipeline/verify-stage.js';
import { MathVerifier } from '../../../src/verify/math-verifier.js';
import { EXPECTED_C, MODELS, N, PROBLEMS, RESPONSES } from './scenario.js';
import { countsOf, freshStudy, textsOf } from './import-helpers.js';
import { writeMathEval } from './fixtures/math-eval.js';
import { writeLmEval } from './fixtures/lm-eval.js';
import { writeLighteval } from './fixtures/lighteval.js';
import { writeInspect } from './fixtures/inspect.js';
import { writeOpenCompass } from './fixtures/opencompass.js';
import { writeVerl } from './fixtures/verl.js';
import { EVALPLUS_EXPECTED_C, writeEvalplus } from './fixtures/evalplus.js';
import { writeCounts } from './fixtures/counts.js';

let current: Awaited<ReturnType<typeof freshStudy>> | undefined;
afterEach(async () => {
  await current?.cleanup();
  current = undefined;
});
async function study() {
  current = await freshStudy();
  return current;
}

const expected = (model: 'base' | 'rl') => EXPECTED_C[model].map((c, i) => [String(i), N, c]);
const allTexts = (model: 'base' | 'rl') => RESPONSES[model].map((list) => list.map((x) => x.text));

/** Imports each model's fixture and checks the run's texts and its source verdicts' counts. */
async function importBoth(store: StudyStore, inputs: Record<'base' | 'rl', string[]>, format: string) {
  const runs: Record<string, number> = {};
  for (const model of MODELS) {
    const reports = await importResults(store, { inputs: inputs[model], model, format });
    expect(new Set(reports.map((r) => r.runId)).size).toBe(1);
    runs[model] = reports[0]!.runId!;
    expect(reports.every((r) => r.format === format && r.status === 'imported')).toBe(true);
  }
  return runs as Record<'base' | 'rl', number>;
}

describe("import: one reader per harness, each fixture written from the tool's source", () => {
  it("math-eval: two seed files pool into one run (seed 1 after seed 0), with the file name's settings", async () => {
    const { dir, store } = await study();
    const files = { base: writeMathEval(dir, 'base'), rl: writeMathEval(dir, 'rl') };
    expect((await readerFor(files.base[0]!, 'auto')).name).toBe('math-eval');
    const runs = await importBoth(store, files, 'math-eval');
    for (const model of MODELS) {
      expect(await countsOf(store, runs[model], sourceVerdictKey('math-eval'))).toEqual(expected(model));
      expect(await textsOf(store, runs[model])).toEqual(allTexts(model));
    }
    const imports = await store.listImports(runs.base);
    expect(imports.map((i) => [i.firstSampleIndex, i.samples, i.settings.seed, i.settings.temperature])).toEqual([
      [0, 6, 0, 0.6],
      [2, 6, 1, 0.6],
    ]);
    expect((await store.getRun(runs.base))!.sampling).toEqual({ temperature: 0.6 });
    // The truncated response keeps its finish reason.
    const truncated = [];
    for await (const s of store.iterateSamples(runs.base)) if (s.finishReason === 'length') truncated.push(s.text);
    expect(truncated).toEqual(['The product of 7 and 6 is']);
  });

  it('lm-eval: one line per (doc, filter) imports each doc once; re-grading gives the per-sample verdicts', async () => {
    const { dir, store } = await study();
    const files = { base: [writeLmEval(dir, 'base')], rl: [writeLmEval(dir, 'rl')] };
    expect((await readerFor(files.base[0]!, 'auto')).name).toBe('lm-eval');
    const reports = await importResults(store, { inputs: files.base, format: 'auto' });
    expect(reports[0]).toMatchObject({
      model: 'org/base',
      problems: 3,
      samples: 12,
      sourceVerdicts: 0,
      toRegrade: 12,
      settings: { n: 4, temperature: 0.6, top_p: 0.95, max_tokens: 1024, do_sample: true },
    });
    const rl = await importResults(store, { inputs: files.rl, model: 'rl' });
    const pool = new MathGradingPool({ workers: 1 });
    try {
      for (const [model, runId] of [
        ['base', reports[0]!.runId!],
        ['rl', rl[0]!.runId!],
      ] as const) {
        expect(await textsOf(store, runId)).toEqual(allTexts(model));
        const graded = await verifyRun({ store, runId, verifier: new MathVerifier({ kind: 'math', policy: 'strict' }, pool) });
        expect(await countsOf(store, runId, graded.key)).toEqual(expected(model));
      }
    } finally {
      await pool.close();
    }
  });

  it('lighteval: Parquet details and the same rows as JSONL, model from the folder, task from the file name', async () => {
    const { dir, store } = await study();
    const pq = writeLighteval(dir, 'base', 'parquet');
    const jsonl = writeLighteval(path.join(dir, 'j'), 'rl', 'jsonl');
    expect((await readerFor(pq, 'auto')).name).toBe('lighteval');
    expect((await readerFor(jsonl, 'auto')).name).toBe('lighteval');
    const [b] = await importResults(store, { inputs: [pq] });
    const [r] = await importResults(store, { inputs: [jsonl] });
    expect([b!.model, b!.benchmark, b!.samples, r!.model, r!.benchmark]).toEqual(['org_base', 'toy-math', 12, 'org_rl', 'toy-math']);
    expect(await textsOf(store, b!.runId!)).toEqual(allTexts('base'));
    expect(await textsOf(store, r!.runId!)).toEqual(allTexts('rl'));
    // The gold is doc.choices[gold_index].
    const problems = await store.listProblems((await store.getRun(b!.runId!))!.benchmarkId);
    expect(problems.map((p) => p.gold)).toEqual(PROBLEMS.map((p) => p.gold));
  });

  it('inspect: a .eval zip, epochs as samples, C/I scores as source verdicts, generate config as settings', async () => {
    const { dir, store } = await study();
    const files = { base: [writeInspect(dir, 'base')], rl: [writeInspect(dir, 'rl')] };
    expect((await readerFor(files.base[0]!, 'auto')).name).toBe('inspect');
    const runs = await importBoth(store, files, 'inspect');
    for (const model of MODELS) {
      expect((await countsOf(store, runs[model], sourceVerdictKey('inspect'))).map(([, n, c]) => [n, c])).toEqual(expected(model).map(([, n, c]) => [n, c]));
      expect(await textsOf(store, runs[model])).toEqual(allTexts(model));
    }
    expect((await store.getRun(runs.rl))!.sampling).toEqual({ temperature: 0.6, top_p: 0.95, max_tokens: 1024 });
    expect((await store.listImports(runs.rl))[0]!.settings).toMatchObject({ seed: 7, task: 'toy_math' });
    // The older .json log: the same samples and verdicts.
    const json = writeInspect(path.join(dir, 'json'), 'rl', 'json');
    expect((await readerFor(json, 'auto')).name).toBe('inspect');
    const [old] = await importResults(store, { inputs: [json], model: 'rl-json' });
    expect(await countsOf(store, old!.runId!, sourceVerdictKey('inspect'))).toEqual(await countsOf(store, runs.rl, sourceVerdictKey('inspect')));
  });

  it('opencompass: replica-major predictions in two shards, lists of sequences, per-sequence correct from results', async () => {
    const { dir, store } = await study();
    const work = path.join(dir, 'outputs', '20250102_030405');
    writeOpenCompass(work, 'base');
    writeOpenCompass(work, 'rl');
    expect((await readerFor(work, 'auto')).name).toBe('opencompass');
    const reports = await importResults(store, { inputs: [work] });
    expect(reports.map((r) => [r.model, r.benchmark, r.problems, r.samples, r.sourceVerdicts])).toEqual([
      ['base', 'toy-math', 3, 12, 12],
      ['rl', 'toy-math', 3, 12, 12],
    ]);
    for (const [i, model] of MODELS.entries()) {
      expect(await countsOf(store, reports[i]!.runId!, sourceVerdictKey('opencompass'))).toEqual(expected(model));
      expect(await textsOf(store, reports[i]!.runId!)).toEqual(allTexts(model));
    }
  });

  it("verl: a folder of step dumps is one model's checkpoint series with lineage steps", async () => {
    const { dir, store } = await study();
    const dumps = writeVerl(path.join(dir, 'val'), [
      { step: 0, model: 'base' },
      { step: 100, model: 'rl' },
    ]);
    expect((await readerFor(dumps, 'auto')).name).toBe('verl');
    const reports = await importResults(store, { inputs: [dumps], model: 'qwen-grpo', role: 'rl' });
    expect(reports.map((r) => r.model)).toEqual(['qwen-grpo@step0', 'qwen-grpo@step100']);
    for (const [i, model] of MODELS.entries()) {
      expect((await countsOf(store, reports[i]!.runId!, sourceVerdictKey('verl'))).map(([, n, c]) => [n, c])).toEqual(
        expected(model).map(([, n, c]) => [n, c]),
      );
    }
    expect((await store.listLabCheckpoints()).map((c) => [c.name, c.step])).toEqual([
      ['qwen-grpo@step0', 0],
      ['qwen-grpo@step100', 100],
    ]);
    expect((await store.getModel('qwen-grpo@step100'))!.role).toBe('rl');
    // Both steps share the prompts (keyed by their text), so the checkpoints compare problem by problem.
    expect(new Set(reports.map((r) => r.benchmark)).size).toBe(1);
  });

  it('evalplus: repeated task ids are samples; correct = base and plus pass', async () => {
    const { dir, store } = await study();
    const files = { base: [writeEvalplus(dir, 'base')], rl: [writeEvalplus(dir, 'rl')] };
    expect((await readerFor(files.base[0]!, 'auto')).name).toBe('evalplus');
    const runs = await importBoth(store, files, 'evalplus');
    for (const model of MODELS) {
      expect(await countsOf(store, runs[model], sourceVerdictKey('evalplus'))).toEqual(Object.entries(EVALPLUS_EXPECTED_C[model]).map(([k, c]) => [k, 3, c]));
    }
  });

  it('counts: stored as counts-only runs whose outcomes feed pass@k, with no texts', async () => {
    const { dir, store } = await study();
    const files = { base: [writeCounts(path.join(dir, 'base-counts.jsonl'), 'base')], rl: [writeCounts(path.join(dir, 'rl-counts.jsonl'), 'rl')] };
    expect((await readerFor(files.base[0]!, 'auto')).name).toBe('counts');
    const runs = await importBoth(store, files, 'counts');
    for (const model of MODELS) {
      const run = (await store.getRun(runs[model]))!;
      expect(run.countsOnly).toBe(true);
      const outcomes = await store.loadOutcomes(run.id, sourceVerdictKey('counts'));
      expect(outcomes.map((o) => [o.problemId, o.n, o.c])).toEqual(expected(model));
      expect(outcomes.every((o) => o.scores === undefined)).toBe(true);
      expect((await store.runProgress(run.id)).samples).toBe(0);
    }
  });
});
