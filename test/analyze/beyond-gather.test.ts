import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passAtK, simulateOutcomes } from '../../src/analyze/index.js';
import { buildBeyondSections, gatherBeyond } from '../../src/report/gather/beyond.js';
import { validateReportData } from '../../src/report/validate-report-data.js';
import { gatherReportData } from '../../src/report/gather/gather-report-data.js';
import type { StudyStore } from '../../src/study/index.js';
import { runCli } from '../helpers/cli.js';
import { buildBeyondStudy, PAPER, STRICT } from './beyond-study.js';

describe('the beyond-the-paper sections of a real SQLite study', () => {
  let study: Awaited<ReturnType<typeof buildBeyondStudy>>;
  let store: StudyStore;
  beforeAll(async () => {
    study = await buildBeyondStudy();
    store = study.store;
  });
  afterAll(async () => study.cleanup());

  it('support, absence and answers under the strict grader', async () => {
    const s = await gatherBeyond(store, { verifier: STRICT, bootstrap: { resamples: 300 }, beyondDraws: 200 });
    const problem = s.support.find((r) => r.level === 'problem')!;
    expect([problem.base, problem.other]).toEqual(['base', 'rl']);
    expect([problem.kept, problem.found, problem.lost, problem.never]).toEqual([2, 1, 1, 1]);
    expect(problem.srr!.value).toBeCloseTo(2 / 3, 12);
    expect(problem.ndr!.value).toBeCloseTo(1 / 3, 12);
    // Base had 0 of 8 on the one problem only rl solved.
    expect(problem.baseAbsenceOnFound!.samples).toBe(8);
    // Answer level: the three spellings of 1/2 are one correct answer, so p3 is one kept item.
    const answer = s.support.find((r) => r.level === 'answer')!;
    expect([answer.kept, answer.found, answer.lost, answer.never]).toEqual([2, 1, 1, 0]);
    const abs = s.absence.find((r) => r.model === 'rl')!;
    expect(abs.unsolved.map((u) => u.problemId)).toEqual(['p2', 'p4']);
    expect(abs.unsolved[0]!.statement).toBe('0 of 8; rate < 0.31 (95 %)');
    const base = s.answers.find((r) => r.model === 'base')!;
    // p3 of base: {1/2 ×3, 2 ×2, 3 ×3} → 3 groups; one answer missing on p0 and p1 each.
    expect(base.noAnswerRate).toBeCloseTo(2 / 40, 12);
    const rl = s.answers.find((r) => r.model === 'rl')!;
    expect(rl.entropyBits!.value).toBeLessThan(base.entropyBits!.value);
    expect(s.cover.length).toBe(2);
    expect(s.passKBeyond.find((r) => r.model === 'rl')!.points.at(-1)!.k).toBe(32);
    expect(s.gPassK.find((r) => r.model === 'rl')!.curves.map((c) => c.tau)).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('truncation: truncated samples become unscored, and the per-budget pass@k falls with the budget', async () => {
    const s = await gatherBeyond(store, { verifier: STRICT, bootstrap: { resamples: 100 }, beyondDraws: 50, budgets: [2000, 4096] });
    const base = s.truncation.find((r) => r.model === 'base')!;
    expect(base.truncated).toBe(2);
    expect(base.samples).toBe(40);
    // p0 as graded: 3 of 8 correct; unscored: 3 of 7 (p1: 0 of 8 → 0 of 7). Mean pass@1 over 5 problems.
    const graded = (3 / 8 + 0 + 1 / 8 + 3 / 8 + 0) / 5;
    const unscored = (3 / 7 + 0 + 1 / 8 + 3 / 8 + 0) / 5;
    expect(base.asGraded[0]!.value).toBeCloseTo(graded, 12);
    expect(base.unscored.points[0]!.value).toBeCloseTo(unscored, 12);
    // A 2,000-token budget keeps only samples 0 and 1 (1,000 and 2,000 tokens).
    const b2 = base.budgets.find((b) => b.budget === 2000)!;
    expect(b2.points[0]!.value).toBeCloseTo((2 / 8 + 0 + 1 / 8 + 2 / 8 + 0) / 5, 12);
  });

  it('the grader audit shows where strict and paper disagree', async () => {
    const s = await gatherBeyond(store, { verifier: STRICT, bootstrap: { resamples: 100 }, beyondDraws: 50 });
    const audit = s.graderAudit[0]!;
    expect(audit.graders).toEqual(['math/paper@1', 'math/strict@1']);
    const base = audit.disagreements.find((d) => d.model === 'base')!;
    expect(base.disagree).toBe(1);
    expect(base.exampleProblems).toEqual(['p4']);
    expect(audit.moves.find((m) => m.model === 'base')!.solved).toBe(1);
    expect(audit.moves.find((m) => m.model === 'rl')!.solved).toBe(0);
  });

  it('goes into report-data.json under the issue’s section names and validates', async () => {
    const data = await gatherReportData(store, { verifier: PAPER, bootstrap: { resamples: 100 } });
    const checked = validateReportData(JSON.parse(JSON.stringify(data)));
    for (const key of ['support', 'absence', 'cover', 'passKBeyond', 'gPassK', 'answers', 'graderAudit', 'truncation'] as const)
      expect(checked[key]!.length).toBeGreaterThan(0);
  });

  it('rlbound analyze --study S --json prints the sections with snake_case keys', () => {
    const r = runCli(['analyze', '--study', study.file, '--json', '--verifier', 'math/strict@1', '--bootstrap', '200', '--beyond-draws', '100']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, Array<Record<string, unknown>>>;
    expect(Object.keys(out).sort()).toEqual(['absence', 'answers', 'cover', 'g_pass_k', 'grader_audit', 'pass_k_beyond', 'support', 'truncation']);
    expect(out['pass_k_beyond']![0]).toHaveProperty('bayes_at_n');
    expect(out['support']![0]).toMatchObject({ kept: 2, found: 1, lost: 1, never: 1 });
    const text = runCli(['analyze', '--study', study.file, '--verifier', 'math/strict@1', '--bootstrap', '100', '--beyond-draws', '50']);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/support {2}toy-math base → rl \(problem\): kept 2, found 1, lost 1, never 1/);
  });

  it('a counts-only run (a paper’s table) joins every counts-based section and none that needs samples', async () => {
    const model = await store.putModel({ name: 'paper-rl', provider: 'import' });
    await store.setModelRole(model.id, 'rl');
    const bench = (await store.getBenchmark('toy-math'))!;
    const problems = await store.listProblems(bench.id);
    const { run } = await store.findOrCreateRun({
      modelId: model.id,
      benchmarkId: bench.id,
      sampling: {},
      targetN: 64,
      baseSeed: 0,
      promptTemplateHash: 'import',
      countsOnly: true,
    });
    const imported = { verifier: 'import', policy: 'counts', version: '1' };
    const rec = await store.recordImport({
      runId: run.id,
      format: 'counts',
      file: 'table.jsonl',
      contentHash: 'h-t',
      samples: 64,
      firstSampleIndex: 0,
      countsOnly: true,
    });
    await store.putProblemCounts(
      problems.map((p, i) => ({ ...imported, runId: run.id, problemId: p.id, importId: rec.record.id, n: 64, c: [40, 0, 3, 64, 0][i]! })),
    );
    const s = await gatherBeyond(store, { verifier: STRICT, bootstrap: { resamples: 100 }, beyondDraws: 100 });
    const support = s.support.filter((r) => r.other === 'paper-rl');
    expect(support.map((r) => r.level)).toEqual(['problem']);
    // base solves p0, p2, p3; paper-rl p0, p2, p3 → all kept; p1, p4 never.
    expect([support[0]!.kept, support[0]!.found, support[0]!.lost, support[0]!.never]).toEqual([3, 0, 0, 2]);
    expect(s.absence.find((r) => r.model === 'paper-rl')!.unsolved.map((u) => [u.problemId, u.n])).toEqual([
      ['p1', 64],
      ['p4', 64],
    ]);
    expect(s.passKBeyond.find((r) => r.model === 'paper-rl')!.heldOut).toBeNull();
    expect(s.passKBeyond.find((r) => r.model === 'paper-rl')!.points.at(-1)!.k).toBe(256);
    expect(s.gPassK.some((r) => r.model === 'paper-rl')).toBe(true);
    expect(s.cover.some((r) => r.model === 'paper-rl')).toBe(true);
    expect(s.answers.some((r) => r.model === 'paper-rl')).toBe(false);
    expect(s.truncation.some((r) => r.model === 'paper-rl')).toBe(false);
  });

  it('names the verifiers when several exist and none is chosen, without a stack trace', () => {
    const r = runCli(['analyze', '--study', study.file, '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/verdicts from 2 verifiers \(math\/paper@1, math\/strict@1\); choose one/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('counts-only inputs', () => {
  it('every counts-based section is built from n and c alone', () => {
    const base = simulateOutcomes(
      Array.from({ length: 40 }, (_, i) => (i % 10) / 12),
      64,
      1,
    );
    const rl = simulateOutcomes(
      Array.from({ length: 40 }, (_, i) => ((i % 10) / 10) ** 2),
      64,
      2,
    );
    const s = buildBeyondSections(
      [
        {
          benchmark: 'b',
          models: [
            { model: 'base', outcomes: base },
            { model: 'rl', outcomes: rl },
          ],
          pairs: [['base', 'rl']],
          equivalence: null,
        },
      ],
      { bootstrap: { resamples: 200 }, beyondDraws: 200 },
    );
    expect(s.support.map((r) => r.level)).toEqual(['problem']);
    expect(s.absence.length).toBe(2);
    expect(s.cover.length).toBe(2);
    expect(s.gPassK.length).toBe(2);
    const beyond = s.passKBeyond.find((r) => r.model === 'rl')!;
    expect(beyond.heldOut).toBeNull();
    expect(beyond.points.at(-1)!.k).toBe(256);
    const at64 = beyond.points.find((p) => p.k === 64)!;
    const unbiased = rl.reduce((a, o) => a + passAtK(o.n, o.c, 64), 0) / rl.length;
    expect(unbiased).toBeGreaterThanOrEqual(at64.lo);
    expect(unbiased).toBeLessThanOrEqual(at64.hi);
    // Answers and token facts are not in counts: those sections stay empty rather than guessed.
    expect(s.answers).toEqual([]);
    expect(s.truncation).toEqual([]);
    expect(s.graderAudit).toEqual([]);
  });

  it('the grader audit compares only problems every grader finished, instead of failing', () => {
    const full = simulateOutcomes([0.5, 0.2, 0, 0.9], 16, 3);
    const half = full.slice(0, 2).map((o) => ({ ...o, c: Math.max(0, o.c - 1) }));
    const models = ['base', 'rl'].map((model) => ({
      model,
      outcomes: full,
      byGrader: new Map([
        ['strict', full],
        ['paper', half],
      ]),
    }));
    const s = buildBeyondSections([{ benchmark: 'b', models, pairs: [['base', 'rl']], equivalence: null }], { bootstrap: { resamples: 50 }, beyondDraws: 50 });
    const audit = s.graderAudit[0]!;
    expect(audit.headlines.every((h) => h.k === 16)).toBe(true);
    // Two problems are compared; on each, paper has one correct sample fewer.
    expect(audit.moves[0]!.pass1).toBeCloseTo(2 / 32, 12);
  });

  it('rlbound passk --cover --beyond --g-pass on a counts JSONL', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'rlbound-passk-'));
    const file = path.join(dir, 'counts.jsonl');
    writeFileSync(
      file,
      ['{"problem":"a","n":8,"c":8}', '{"problem":"b","n":8,"c":2}', '{"problem":"c","n":8,"c":0}', '{"problem":"d","n":8,"c":1}'].join('\n') + '\n',
    );
    const r = runCli(['passk', '--input', file, '--k', '1,4,8', '--cover', '--beyond', '32', '--g-pass', '0.5,1', '--bootstrap', '200']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      cover: Array<{ tau: number; value: number }>;
      beyond: { points: Array<{ k: number }>; bayes_at_n: { value: number } };
      g_pass: { curves: Array<{ tau: number; points: Array<{ k: number; value: number }> }>; m_g: unknown[] };
    };
    expect(out.cover.find((p) => p.tau === 0.25)!.value).toBe(0.5);
    expect(out.beyond.points.map((p) => p.k)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(out.beyond.bayes_at_n.value).toBeCloseTo((9 / 10 + 3 / 10 + 1 / 10 + 2 / 10) / 4, 12);
    // G-Pass@8 at τ = 1 is pass^8: only problem a.
    expect(out.g_pass.curves[1]!.points.find((p) => p.k === 8)!.value).toBeCloseTo(0.25, 12);
    const bad = runCli(['passk', '--input', file, '--g-pass', '1.5']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--g-pass/);
  });
});
