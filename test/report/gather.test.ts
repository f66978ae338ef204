import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accuracyHistogram,
  bootstrapPassAtK,
  deltaSE,
  pairedPassAtK,
  perTokenPerplexity,
  solvableSet,
  summarizeDistribution,
  type ProblemOutcome,
} from '../../src/analyze/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gatherReportData, writeReport, type ReportData } from '../../src/report/index.js';
import { openStudy, type StudyStore } from '../../src/study/index.js';
import { StudySampleSource } from '../../src/view/index.js';
import { buildTestStudy, DUPLICATES_PER_RUN, N, PROBLEMS, TRUNCATED_PER_RUN, VERIFIER } from './build-test-study.js';

const BOOT = { resamples: 300, seed: 7, ci: 0.9 };

describe('gatherReportData on a real SQLite study', () => {
  let study: Awaited<ReturnType<typeof buildTestStudy>>;
  let store: StudyStore;
  let data: ReportData;
  const outcomes = new Map<string, ProblemOutcome[]>();

  beforeAll(async () => {
    study = await buildTestStudy();
    store = study.store;
    data = await gatherReportData(store, { bootstrap: BOOT, title: 'Toy study', now: () => new Date('2026-01-02T03:04:05Z') });
    for (const run of await store.listRuns()) {
      const model = (await store.getModelById(run.modelId))!;
      outcomes.set(model.name, await store.loadOutcomes(run.id, VERIFIER));
    }
  });
  afterAll(async () => study?.cleanup());

  it('reports pass@k with the bands the analytics compute', () => {
    expect(data.models.map((m) => [m.id, m.role, m.step])).toEqual([
      ['base', 'base', undefined],
      ['rl-100', 'rl', 100],
      ['rl-200', 'rl', 200],
    ]);
    for (const [model, o] of outcomes) {
      const bands = bootstrapPassAtK(o, 'pow2', BOOT);
      const curve = data.passK.find((c) => c.model === model)!;
      expect(curve.samplesPerProblem).toBe(N);
      expect(curve.problems).toBe(PROBLEMS + 1);
      expect(curve.points.map((p) => p.k)).toEqual(bands.k);
      expect(curve.points.map((p) => p.value)).toEqual(bands.passAtK);
      expect(curve.points.map((p) => p.lo)).toEqual(bands.ciLow);
      expect(curve.points.map((p) => p.hi)).toEqual(bands.ciHigh);
    }
  });

  it('compares the base model with each RL model: paired difference and crossover', () => {
    expect(data.comparisons.map((c) => [c.base, c.other])).toEqual([
      ['base', 'rl-100'],
      ['base', 'rl-200'],
    ]);
    for (const cmp of data.comparisons) {
      const p = pairedPassAtK(outcomes.get('base')!, outcomes.get(cmp.other)!, 'pow2', BOOT);
      expect(cmp.points.map((x) => x.diff)).toEqual(p.diff);
      expect(cmp.points.map((x) => x.lo)).toEqual(p.diffCiLow);
      expect(cmp.points.map((x) => x.hi)).toEqual(p.diffCiHigh);
      expect(p.crossover.leader).toBe('b');
      expect(cmp.crossover.k).toBe(p.crossover.k);
      expect(cmp.crossover.lo).toBe(p.crossover.ciLow);
      expect(cmp.crossover.hi).toBe(p.crossover.ciHigh);
      expect(cmp.crossover.summary).toContain(`base catches up with ${cmp.other} at k = ${p.crossover.k}`);
    }
  });

  it('reports ΔSE, histograms, coverage regions and perplexity as the analytics compute them', () => {
    const d = deltaSE(
      outcomes.get('base')!,
      ['rl-100', 'rl-200'].map((name) => ({ name, outcomes: outcomes.get(name)! })),
      8,
      BOOT,
    );
    expect(data.deltaSE.map((r) => [r.rl, r.k, r.basePassK, r.rlPass1, r.deltaSE])).toEqual(
      d.rows.map((r) => [r.name, 8, d.basePassAtK, r.passAt1, r.deltaSE]),
    );
    expect(data.algorithmComparisons).toEqual([{ benchmark: 'toy-math', base: 'base', models: ['rl-100', 'rl-200'], k: 8 }]);
    for (const [model, o] of outcomes) {
      expect(data.histograms.find((h) => h.model === model)!.bins).toEqual(accuracyHistogram(o).map((b) => ({ label: b.label, count: b.count })));
    }
    const cov = data.coverage[0]!;
    const solved = new Map([...outcomes].map(([m, o]) => [m, new Set(solvableSet(o))]));
    for (const region of cov.regions) {
      for (const id of region.problemIds) {
        expect(region.members).toEqual(cov.models.filter((m) => solved.get(m)!.has(id)));
      }
    }
    expect(cov.regions.flatMap((r) => r.problemIds).sort()).toEqual(
      outcomes
        .get('base')!
        .map((o) => o.problemId)
        .sort(),
    );
    expect(data.perplexity.map((g) => [g.scorer, g.responder, g.summary.count])).toEqual([
      ['base', 'base', (PROBLEMS + 1) * N],
      ['base', 'rl-100', (PROBLEMS + 1) * N],
    ]);
    const g = data.perplexity[1]!;
    expect(g.summary).toEqual(summarizeDistribution(g.values));
    expect(Math.min(...g.values)).toBeCloseTo(perTokenPerplexity({ nllSum: 20 * 0.06, tokens: 20 }), 12);
  });

  it('reports training steps, run health and the per-problem grid from the stored samples', () => {
    const steps = data.trainingSteps[0]!;
    expect(steps.k).toBe(8);
    expect(steps.points.map((p) => p.step)).toEqual([0, 100, 200]);
    for (const p of steps.points) {
      const curve = data.passK.find((c) => c.model === p.model)!;
      expect(p.pass1).toBe(curve.points[0]!.value);
      expect(p.passK).toBe(curve.points.at(-1)!.value);
    }
    for (const r of data.runHealth) {
      expect(r.samples).toBe((PROBLEMS + 1) * N);
      expect(r.duplicates).toBe(DUPLICATES_PER_RUN);
      expect(r.truncated).toBe(TRUNCATED_PER_RUN);
      expect(r.duplicateRate).toBe(DUPLICATES_PER_RUN / ((PROBLEMS + 1) * N));
    }
    const p0 = data.problems.find((p) => p.problemId === 'p0')!;
    expect(p0.cells.map((c) => [c.model, c.correct, c.samples, c.duplicates])).toEqual([
      ['base', 2, 8, 3],
      ['rl-100', 6, 8, 3],
      ['rl-200', 7, 8, 3],
    ]);
    expect(data.generatedAt).toBe('2026-01-02T03:04:05.000Z');
  });

  it('writes a report whose tables carry the gathered numbers', async () => {
    const files = await writeReport(data, path.join(study.dir, 'report'));
    const csv = readFileSync(path.join(study.dir, 'report', 'tables', 'delta-se.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(csv.slice(1).map((line) => Number(line.split(',')[6]))).toEqual(data.deltaSE.map((r) => r.deltaSE));
    const html = readFileSync(files.html, 'utf8');
    for (const c of data.comparisons) expect(html).toContain(c.crossover.summary.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(files.figures.map((f) => f.id)).toEqual(
      expect.arrayContaining(['passk-toy-math', 'coverage-toy-math', 'perplexity', 'algorithms-toy-math', 'training-steps-toy-math', 'run-health']),
    );
  });

  it('splits perplexity into one panel per problem when only a few problems were scored (paper Fig. 6)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rlbound-ppl-'));
    const small = await openStudy(path.join(dir, 's.sqlite'));
    try {
      const bench = await small.putBenchmark({ name: 'aime', source: 't', contentHash: 'h' });
      await small.putProblems(
        bench.id,
        [0, 1, 2].map((i) => ({ index: i, key: `q${i}`, prompt: 'x', gold: '1' })),
      );
      const problems = await small.listProblems(bench.id);
      const model = await small.putModel({ name: 'm', provider: 't' });
      const { run } = await small.findOrCreateRun({ modelId: model.id, benchmarkId: bench.id, sampling: {}, targetN: 2, baseSeed: 0, promptTemplateHash: 't' });
      await small.insertSamples(
        problems.flatMap((p) => [0, 1].map((s) => ({ runId: run.id, problemId: p.id, sampleIndex: s, seed: s, text: `${p.key}/${s}` }))),
      );
      const ids: number[] = [];
      for await (const s of small.iterateSamples(run.id)) if (s.problemId !== problems[2]!.id) ids.push(s.id);
      await small.putScores(ids.map((sampleId, i) => ({ scorerModelId: model.id, sampleId, tokenCount: 10, nllSum: 1 + i, byteCount: 40 })));
      const d = await gatherReportData(small, { bootstrap: { resamples: 10 } });
      expect(d.perplexity.map((g) => [g.panel, g.values.length])).toEqual([
        ['aime · q0', 2],
        ['aime · q1', 2],
      ]);
      expect(d.perplexity[0]!.values).toEqual([Math.exp(0.1), Math.exp(0.2)]);
      // No verdicts yet: no pass@k, but the report still renders what there is.
      expect(d.passK).toEqual([]);
      const files = await writeReport(d, path.join(dir, 'report'));
      expect(files.figures.map((f) => f.id)).toEqual(['perplexity', 'run-health']);
    } finally {
      await small.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads each run with its own verifier in a study mixing graders, and skips empty responses in perplexity', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rlbound-mixed-'));
    const mixed = await openStudy(path.join(dir, 'm.sqlite'));
    try {
      const model = await mixed.putModel({ name: 'm', provider: 't' });
      for (const [name, verifier] of [
        ['math-bench', 'math'],
        ['code-bench', 'code'],
      ] as const) {
        const bench = await mixed.putBenchmark({ name, source: 't', contentHash: name });
        await mixed.putProblems(bench.id, [{ index: 0, key: 'q0', prompt: 'x' }]);
        const [problem] = await mixed.listProblems(bench.id);
        const { run } = await mixed.findOrCreateRun({
          modelId: model.id,
          benchmarkId: bench.id,
          sampling: {},
          targetN: 2,
          baseSeed: 0,
          promptTemplateHash: 't',
        });
        await mixed.insertSamples([0, 1].map((s) => ({ runId: run.id, problemId: problem!.id, sampleIndex: s, seed: s, text: s === 0 ? '' : `answer ${s}` })));
        const ids: number[] = [];
        for await (const s of mixed.iterateSamples(run.id)) ids.push(s.id);
        await mixed.putVerdicts(
          ids.map((sampleId, i) => ({
            verifier,
            policy: 'p',
            version: '1',
            sampleId,
            correct: i === 1,
            extracted: `${verifier}-${i}`,
            reason: 'r',
            durationMs: 0,
          })),
        );
        await mixed.putScores(
          ids.map((sampleId, i) => ({ scorerModelId: model.id, sampleId, tokenCount: i === 0 ? 0 : 5, nllSum: i === 0 ? 0 : 1, byteCount: i === 0 ? 0 : 8 })),
        );
      }
      const d = await gatherReportData(mixed, { bootstrap: { resamples: 10 } });
      expect(d.passK.map((c) => [c.benchmark, c.points[0]!.value])).toEqual([
        ['math-bench', 0.5],
        ['code-bench', 0.5],
      ]);
      expect(d.perplexity.map((g) => [g.panel, g.values])).toEqual([
        ['math-bench · q0', [Math.exp(0.2)]],
        ['code-bench · q0', [Math.exp(0.2)]],
      ]);
      const source = new StudySampleSource(mixed);
      const page = await source.samples({ benchmark: 'code-bench', problemId: 'q0', model: 'm', offset: 0, limit: 10 });
      expect(page.samples.map((s) => [s.verdict, s.extracted])).toEqual([
        ['incorrect', 'code-0'],
        ['correct', 'code-1'],
      ]);
      await expect(gatherReportData(mixed, { verifier: { verifier: 'lab', policy: 'p', version: '1' } })).rejects.toThrow(
        /no verdicts from verifier lab\/p@1 in this study \(present: /,
      );
    } finally {
      await mixed.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
