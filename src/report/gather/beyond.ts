import { mathAnswerEquivalence } from '../../verify/math/index.js';
import { z } from 'zod';
import {
  answerDiversity,
  answerSupport,
  bayesAtN,
  certifiedAbsence,
  coverCurve,
  datasetPassAtK,
  describeAbsence,
  gPassAtK,
  graderAudit,
  groupAnswers,
  heldOutCheck,
  passAtKBeyond,
  powersOfTwoUpTo,
  problemSupport,
  resolveBootstrap,
  sampleCounts,
  tallyGroups,
  truncationAnalysis,
  DEFAULT_TOKEN_BUDGETS,
  type AnswerEquivalence,
  type AnswerGrouping,
  type AnswerSupportRow,
  type BootstrapOptions,
  type GroupTally,
  type ProblemOutcome,
  type ResolvedBootstrap,
  type SampleFacts,
} from '../../analyze/index.js';
import { InputError } from '../../errors.js';
import { formatVerifierKey, type ModelRecord, type RunRecord, type StudyStore, type VerifierKey } from '../../study/index.js';
import { loadStudyRuns, resolveVerifier, runKey, runVerifier, type RunSelection } from './study-runs.js';

// ---------------------------------------------------------------------------------------------
// The report-data.json sections of the beyond-the-paper analyses (docs/analytics.md). Rates are
// fractions; every estimate carries its interval as {value, lo, hi}.

const id = z.string().min(1);
const count = z.number().int().nonnegative();
const EstimateSchema = z.object({ value: z.number(), lo: z.number(), hi: z.number() });
const KPointSchema = EstimateSchema.extend({ k: z.number().int().positive() });
const AbsenceSetSchema = z.object({ problems: count, samples: count, meanUpper: z.number().nullable(), everyUpper: z.number().nullable() });

export const SupportRowSchema = z.object({
  benchmark: id,
  base: id,
  other: id,
  level: z.enum(['problem', 'answer']),
  problems: count,
  kept: count,
  found: count,
  lost: count,
  never: count,
  srr: EstimateSchema.nullable(),
  ndr: EstimateSchema.nullable(),
  sds: EstimateSchema.nullable(),
  nscr: EstimateSchema.nullable(),
  /** Problem level only: the base's bound on the problems only the other model solved. */
  baseAbsenceOnFound: AbsenceSetSchema.optional(),
  /** Answer level only: problems whose answers were grouped by exact spelling after the comparison budget ran out. */
  approximateProblems: count.optional(),
});
export const AbsenceRowSchema = AbsenceSetSchema.extend({
  benchmark: id,
  model: id,
  confidence: z.number(),
  total: count,
  unsolved: z.array(z.object({ problemId: z.string(), n: count, upper: z.number(), statement: z.string() })),
});
export const CoverRowSchema = z.object({ benchmark: id, model: id, points: z.array(EstimateSchema.extend({ tau: z.number() })) });
export const PassKBeyondRowSchema = z.object({
  benchmark: id,
  model: id,
  method: z.literal('beta-binomial'),
  alpha: z.number(),
  beta: z.number(),
  nMin: count,
  nMax: count,
  points: z.array(KPointSchema),
  unbiased: z.array(z.object({ k: z.number().int().positive(), value: z.number() })),
  bayesAtN: EstimateSchema.extend({ sigma: z.number() }),
  heldOut: z.object({ fitN: count, k: count, predicted: EstimateSchema, observed: z.number(), inside: z.boolean() }).nullable(),
});
export const GPassRowSchema = z.object({
  benchmark: id,
  model: id,
  curves: z.array(z.object({ tau: z.number(), points: z.array(KPointSchema) })),
  mG: z.array(KPointSchema),
});
export const AnswersRowSchema = z.object({
  benchmark: id,
  model: id,
  problems: count,
  answered: count,
  entropyBits: EstimateSchema.nullable(),
  distinctAnswers: EstimateSchema.nullable(),
  noAnswerRate: z.number(),
  guessing: z.array(KPointSchema),
  passAtK: z.array(z.object({ k: z.number().int().positive(), value: z.number() })),
  approximateProblems: count,
});
export const GraderAuditRowSchema = z.object({
  benchmark: id,
  graders: z.array(z.string()),
  disagreements: z.array(
    z.object({
      model: id,
      a: z.string(),
      b: z.string(),
      samples: count.nullable(),
      disagree: count.nullable(),
      share: z.number().nullable(),
      problemsDiffer: count,
      exampleProblems: z.array(z.string()),
    }),
  ),
  headlines: z.array(z.object({ grader: z.string(), model: id, pass1: z.number(), k: count, passAtK: z.number(), solved: count })),
  crossover: z.array(z.object({ grader: z.string(), base: id, other: id, k: z.number().nullable() })),
  moves: z.array(z.object({ model: id, pass1: z.number(), passAtK: z.number(), solved: z.number() })),
  crossoverStable: z.boolean().nullable(),
});
export const TruncationRowSchema = z.object({
  benchmark: id,
  model: id,
  samples: count,
  truncated: count,
  truncationRate: z.number(),
  asGraded: z.array(KPointSchema),
  unscored: z.object({ points: z.array(KPointSchema), problems: count, droppedProblems: z.array(z.string()), note: z.string().nullable() }),
  budgets: z.array(z.object({ budget: count, points: z.array(KPointSchema), overBudget: count })),
  budgetNote: z.string().nullable(),
});

/** The sections as report-data.json names them; optional so reports made before them still validate. */
export const BeyondSectionsShape = {
  support: z.array(SupportRowSchema).optional(),
  absence: z.array(AbsenceRowSchema).optional(),
  cover: z.array(CoverRowSchema).optional(),
  passKBeyond: z.array(PassKBeyondRowSchema).optional(),
  gPassK: z.array(GPassRowSchema).optional(),
  answers: z.array(AnswersRowSchema).optional(),
  graderAudit: z.array(GraderAuditRowSchema).optional(),
  truncation: z.array(TruncationRowSchema).optional(),
};
const BeyondSectionsSchema = z.object(BeyondSectionsShape).required();
export type BeyondSections = z.infer<typeof BeyondSectionsSchema>;

// ---------------------------------------------------------------------------------------------
// Building the sections from plain per-problem inputs (no store: counts-only, imported and sampled
// studies all reduce to this).

export interface BeyondModelInput {
  model: string;
  /** Counts, and (when the study has them) per-sample scores and extracted answers. */
  outcomes: readonly ProblemOutcome[];
  /** Per-sample finish reasons and token counts (sampled runs); absent for counts-only runs. */
  facts?: readonly SampleFacts[];
  /** Outcomes under every grader of the study, for the grader audit (two or more). */
  byGrader?: ReadonlyMap<string, readonly ProblemOutcome[]>;
}

export interface BeyondBenchmarkInput {
  benchmark: string;
  models: readonly BeyondModelInput[];
  /** [base, other] pairs for the support dynamics and the audited crossover. */
  pairs: ReadonlyArray<readonly [string, string]>;
  /** How answers are grouped (the math verifier for math benchmarks, else exact text); null: no answer analyses. */
  equivalence: AnswerEquivalence | null;
}

export interface BeyondBuildOptions {
  bootstrap?: BootstrapOptions;
  /** Token budgets of the per-budget pass@k (default 4,096 / 8,192 / 16,384). */
  budgets?: readonly number[];
  /** Band draws of pass@k beyond n (default 500). */
  beyondDraws?: number;
  /** How far beyond n pass@k is extrapolated, as a multiple of the largest n (default 4). */
  beyondFactor?: number;
}

const exactText: AnswerEquivalence = (a, b) => a === b;

export function buildBeyondSections(inputs: readonly BeyondBenchmarkInput[], options: BeyondBuildOptions = {}): BeyondSections {
  const boot = resolveBootstrap(options.bootstrap);
  const s: BeyondSections = { support: [], absence: [], cover: [], passKBeyond: [], gPassK: [], answers: [], graderAudit: [], truncation: [] };
  for (const bench of inputs) {
    const benchmark = bench.benchmark;
    const byModel = new Map(bench.models.map((m) => [m.model, m] as const));
    for (const m of bench.models) perModel(s, benchmark, m, boot, options);

    const grouped = bench.equivalence ? groupBenchmarkAnswers(bench) : null;
    if (grouped) {
      for (const m of bench.models) {
        const tallies = grouped.tallies.get(m.model);
        if (!tallies) continue;
        const { nMin } = sampleCounts(m.outcomes);
        const ks = powersOfTwoUpTo(nMin);
        const d = answerDiversity(tallies, ks, boot);
        const pk = datasetPassAtK(m.outcomes, ks);
        s.answers.push({
          benchmark,
          model: m.model,
          ...d,
          passAtK: ks.map((k, i) => ({ k, value: pk.passAtK[i]! })),
          approximateProblems: grouped.approximate,
        });
      }
    }
    for (const [base, other] of bench.pairs) {
      const b = byModel.get(base);
      const o = byModel.get(other);
      if (!b || !o) continue;
      // Problems graded for one model and not yet for the other are left out of the pair, not failed on.
      const ids = new Set(o.outcomes.map((x) => x.problemId));
      const shared = b.outcomes.filter((x) => ids.has(x.problemId)).map((x) => x.problemId);
      if (shared.length === 0) continue;
      const keep = new Set(shared);
      const p = problemSupport(
        b.outcomes.filter((x) => keep.has(x.problemId)),
        o.outcomes.filter((x) => keep.has(x.problemId)),
        { ...boot, confidence: boot.ci },
      );
      s.support.push({
        benchmark,
        base,
        other,
        level: p.level,
        problems: p.problems,
        kept: p.kept,
        found: p.found,
        lost: p.lost,
        never: p.never,
        srr: p.srr,
        ndr: p.ndr,
        sds: p.sds,
        nscr: p.nscr,
        baseAbsenceOnFound: p.baseAbsenceOnFound,
      });
      const rows = grouped ? answerRows(grouped, base, other) : null;
      if (rows) s.support.push({ benchmark, base, other, ...answerSupport(rows, boot), approximateProblems: grouped!.approximate });
    }
    const graders = commonGraders(bench.models);
    const audited = graders.length >= 2 ? auditableOutcomes(bench.models, graders) : null;
    if (audited) {
      const pair = bench.pairs[0];
      const audit = graderAudit({ graders, models: audited, ...(pair ? { pair } : {}) });
      s.graderAudit.push({ benchmark, ...audit });
    }
  }
  return s;
}

function perModel(s: BeyondSections, benchmark: string, m: BeyondModelInput, boot: ResolvedBootstrap, options: BeyondBuildOptions): void {
  const model = m.model;
  const o = m.outcomes;
  const absence = certifiedAbsence(o, boot.ci);
  s.absence.push({ benchmark, model, ...absence, unsolved: absence.unsolved.map((u) => ({ ...u, statement: describeAbsence(u.n, u.upper, boot.ci) })) });
  s.cover.push({ benchmark, model, points: coverCurve(o, undefined, boot) });
  const { nMax, nMin } = sampleCounts(o);
  const factor = options.beyondFactor ?? 4;
  const beyondOpts = {
    ci: boot.ci,
    seed: boot.seed,
    draws: options.beyondDraws ?? 500,
    k: [...new Set([...powersOfTwoUpTo(factor * nMax), nMax, factor * nMax])],
  };
  const beyond = passAtKBeyond(o, beyondOpts);
  const canHoldOut = nMin >= 4 && o.every((x) => x.scores !== undefined);
  s.passKBeyond.push({
    benchmark,
    model,
    method: beyond.method,
    alpha: beyond.alpha,
    beta: beyond.beta,
    nMin: beyond.nMin,
    nMax: beyond.nMax,
    points: beyond.points,
    unbiased: beyond.unbiased,
    bayesAtN: (({ value, lo, hi, sigma }) => ({ value, lo, hi, sigma }))(bayesAtN(o, boot.ci)),
    heldOut: canHoldOut ? heldOutCheck(o, { ci: boot.ci, seed: boot.seed, draws: beyondOpts.draws }) : null,
  });
  const g = gPassAtK(o, 'pow2', undefined, boot);
  s.gPassK.push({ benchmark, model, curves: g.curves, mG: g.mG });
  if (m.facts && m.facts.length > 0) s.truncation.push({ benchmark, model, ...truncationAnalysis(m.facts, options.budgets ?? DEFAULT_TOKEN_BUDGETS, boot) });
}

/** Graders every model of the benchmark was graded by (the audit compares like with like). */
function commonGraders(models: readonly BeyondModelInput[]): string[] {
  if (models.length === 0 || models.some((m) => !m.byGrader || m.byGrader.size < 2)) return [];
  return [...models[0]!.byGrader!.keys()].filter((g) => models.every((m) => m.byGrader!.has(g)));
}

/**
 * The outcomes the audit compares: only problems every model has under every grader with the same
 * sample count (a grader whose verification stopped half-way would otherwise make the comparison
 * one of different samples). Null when no problem is left.
 */
function auditableOutcomes(
  models: readonly BeyondModelInput[],
  graders: readonly string[],
): Array<{ model: string; byGrader: Map<string, ProblemOutcome[]> }> | null {
  const nOf = new Map<string, number>();
  const bad = new Set<string>();
  const counted = new Map<string, number>();
  for (const m of models) {
    for (const g of graders) {
      for (const o of m.byGrader!.get(g)!) {
        const key = `${m.model}\u0000${o.problemId}`;
        const n = nOf.get(key);
        if (n === undefined) nOf.set(key, o.n);
        else if (n !== o.n) bad.add(o.problemId);
        counted.set(o.problemId, (counted.get(o.problemId) ?? 0) + 1);
      }
    }
  }
  const everywhere = models.length * graders.length;
  const keep = new Set([...counted].filter(([pid, k]) => k === everywhere && !bad.has(pid)).map(([pid]) => pid));
  if (keep.size === 0) return null;
  return models.map((m) => ({ model: m.model, byGrader: new Map(graders.map((g) => [g, m.byGrader!.get(g)!.filter((o) => keep.has(o.problemId))] as const)) }));
}

interface BenchmarkAnswers {
  groupings: Map<string, AnswerGrouping>;
  /** Per model, one tally per problem (in the model's outcome order). */
  tallies: Map<string, GroupTally[]>;
  /** Per model, per problem id, that problem's tally. */
  byProblem: Map<string, Map<string, GroupTally>>;
  approximate: number;
}

/** Groups every problem's answers across all models that have answers (one grouping per problem). */
function groupBenchmarkAnswers(bench: BeyondBenchmarkInput): BenchmarkAnswers | null {
  const same = bench.equivalence ?? exactText;
  const withAnswers = bench.models.filter((m) => m.outcomes.every((o) => o.answers !== undefined));
  if (withAnswers.length === 0) return null;
  const lists = new Map<string, Array<{ answers: ReadonlyArray<string | null>; scores: ReadonlyArray<0 | 1> | undefined }>>();
  for (const m of withAnswers)
    for (const o of m.outcomes) lists.set(o.problemId, [...(lists.get(o.problemId) ?? []), { answers: o.answers!, scores: o.scores }]);
  const groupings = new Map<string, AnswerGrouping>();
  let approximate = 0;
  for (const [pid, ls] of lists) {
    const g = groupAnswers(
      ls.map((l) => l.answers),
      same,
      undefined,
      ls.map((l) => l.scores),
    );
    if (g.approximate) approximate++;
    groupings.set(pid, g);
  }
  const tallies = new Map<string, GroupTally[]>();
  const byProblem = new Map<string, Map<string, GroupTally>>();
  for (const m of withAnswers) {
    const ts = m.outcomes.map((o) => tallyGroups(groupings.get(o.problemId)!, o.answers!, o.scores));
    tallies.set(m.model, ts);
    byProblem.set(m.model, new Map(m.outcomes.map((o, i) => [o.problemId, ts[i]!])));
  }
  return { groupings, tallies, byProblem, approximate };
}

const correctGroups = (t: GroupTally | undefined): number[] => (t ? t.correct.flatMap((c, g) => (c > 0 ? [g] : [])) : []);

/** Answer-level support rows of one pair; null when either model lacks answers. */
function answerRows(a: BenchmarkAnswers, base: string, other: string): AnswerSupportRow[] | null {
  const tb = a.byProblem.get(base);
  const to = a.byProblem.get(other);
  if (!tb || !to) return null;
  return [...tb.keys()]
    .filter((pid) => to.has(pid))
    .map((pid) => {
      const universe = new Set<number>();
      for (const per of a.byProblem.values()) for (const g of correctGroups(per.get(pid))) universe.add(g);
      return { problemId: pid, universe: [...universe], base: correctGroups(tb.get(pid)), other: correctGroups(to.get(pid)) };
    });
}

// ---------------------------------------------------------------------------------------------
// Reading a study.

export interface GatherBeyondOptions extends BeyondBuildOptions {
  /** Verifier whose verdicts count (default: each run's only one). */
  verifier?: VerifierKey;
  /** [base, other] pairs by model name (default: the base model against every other model). */
  compare?: ReadonlyArray<readonly [string, string]>;
  /** The runs the report reads (the same selection, so both halves describe the same runs). */
  selection?: RunSelection;
}

/**
 * The base model: the one model whose declared role is "base" (or `info.role`, older studies).
 * Never guessed from insertion order: with none or several declared, no pair is compared unless
 * `compare` names them (the report says why in its warnings).
 */
function baseModel(models: readonly ModelRecord[]): string | undefined {
  const bases = models.filter((m) => (m.role ?? m.info['role']) === 'base');
  return bases.length === 1 ? bases[0]!.name : undefined;
}

/**
 * The verdicts a run is read with. A counts-only run holds only its source's grading (the import's
 * key), so when the requested verifier has nothing on it, its one own key is used instead of
 * leaving the run out — the counts are what that source graded.
 */
async function verifierOfRun(store: StudyStore, run: RunRecord, requested: VerifierKey | null): Promise<VerifierKey | null> {
  if (requested && run.countsOnly) {
    const keys = await store.listVerifierKeys(run.id);
    const has = keys.some((k) => k.verifier === requested.verifier && k.policy === requested.policy && k.version === requested.version);
    if (!has && keys.length === 1) return keys[0]!;
  }
  return runVerifier(store, run.id, requested);
}

/** Answers are grouped by the math verifier for math verdicts (under their policy), else by exact text. */
function equivalenceFor(key: VerifierKey): AnswerEquivalence {
  if (key.verifier === 'math') return mathAnswerEquivalence(key.policy === 'paper' ? 'paper' : 'strict');
  return exactText;
}

/** Per-sample facts of one run under one verifier, from the per-sample table (sample order per problem). */
async function sampleFacts(store: StudyStore, runId: number, key: VerifierKey): Promise<SampleFacts[]> {
  const byProblem = new Map<string, Array<{ i: number; s: 0 | 1; t: boolean; tok: number | null }>>();
  for await (const r of store.iterateSampleTable({ runId, verifier: key })) {
    if (r.correct === null || r.text === null) continue;
    const list = byProblem.get(r.problem) ?? [];
    list.push({ i: r.sampleIndex, s: r.correct ? 1 : 0, t: r.finishReason === 'length', tok: r.completionTokens });
    byProblem.set(r.problem, list);
  }
  return [...byProblem.entries()].map(([problemId, list]) => {
    list.sort((x, y) => x.i - y.i);
    return { problemId, scores: list.map((x) => x.s), truncated: list.map((x) => x.t), tokens: list.map((x) => x.tok) };
  });
}

/** Reads a study through the store and builds every beyond-the-paper section. */
export async function gatherBeyond(store: StudyStore, options: GatherBeyondOptions = {}): Promise<BeyondSections> {
  const { models, benchmarks, runs } = await loadStudyRuns(store, options.selection);
  const requested = options.verifier ? await resolveVerifier(store, options.verifier) : null;
  for (const [i, pair] of (options.compare ?? []).entries()) {
    for (const name of pair)
      if (!models.some((m) => m.name === name))
        throw new InputError(`unknown model "${name}" (models: ${models.map((m) => m.name).join(', ')})`, { field: `compare.${i}` });
  }
  const base = baseModel(models);
  const inputs: BeyondBenchmarkInput[] = [];
  for (const bench of benchmarks) {
    const ms: BeyondModelInput[] = [];
    let equivalence: AnswerEquivalence | null = null;
    for (const model of models) {
      const run = runs.get(runKey(model.id, bench.id));
      if (!run) continue;
      const key = await verifierOfRun(store, run, requested);
      if (!key) continue;
      const outcomes = await store.loadOutcomes(run.id, key);
      if (outcomes.length === 0) continue;
      equivalence ??= equivalenceFor(key);
      const facts = run.countsOnly ? [] : await sampleFacts(store, run.id, key);
      const keys = await store.listVerifierKeys(run.id);
      const byGrader =
        keys.length >= 2 ? new Map(await Promise.all(keys.map(async (k) => [formatVerifierKey(k), await store.loadOutcomes(run.id, k)] as const))) : undefined;
      ms.push({ model: model.name, outcomes, ...(facts.length > 0 && facts.length === outcomes.length ? { facts } : {}), ...(byGrader ? { byGrader } : {}) });
    }
    if (ms.length === 0) continue;
    const names = new Set(ms.map((m) => m.model));
    const pairs = (options.compare ?? (base ? ms.filter((m) => m.model !== base).map((m) => [base, m.model] as const) : [])).filter(
      ([a, b]) => names.has(a) && names.has(b),
    );
    inputs.push({ benchmark: bench.name, models: ms, pairs, equivalence });
  }
  return buildBeyondSections(inputs, options);
}
