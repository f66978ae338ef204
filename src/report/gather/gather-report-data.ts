import {
  accuracyHistogram, bootstrapPassAtK, deltaSE, DEFAULT_DELTA_SE_K, resolveBootstrap,
  type BootstrapOptions, type ProblemOutcome,
} from '../../analyze/index.js';
import { InputError } from '../../errors.js';
import type { LabCheckpointRecord, ModelRecord, StudyStore, VerifierKey } from '../../study/index.js';
import type { AlgorithmComparison, Comparison, ReportDeltaSERow, PassKCurve, PerplexityGroup, ProblemRow, ReportData, RunHealth, TrainingSteps } from '../report-data.js';
import { gatherBeyond } from './beyond.js';
import { commonProblems, compareModels } from './comparisons.js';
import { coverageRegions } from './coverage-regions.js';
import { perplexityGroups } from './perplexity-groups.js';
import { scanRun, type RunScan } from './run-health.js';
import { loadStudyRuns, resolveVerifier, runKey, runVerifier } from './study-runs.js';

export interface GatherOptions {
  title?: string;
  /** Where the study came from, printed in the report (default: the store's location). */
  source?: string;
  /** Verifier whose verdicts count (default: the only/first one in the study). */
  verifier?: VerifierKey;
  /** Model pairs [base, other] by name (default: the base model against every other model). */
  compare?: Array<[string, string]>;
  /** k of ΔSE and of the training-step figure (default 256, lowered to the smallest sample count). */
  deltaSEK?: number;
  bootstrap?: BootstrapOptions;
  /** Clock for `generatedAt` (tests pin it). */
  now?: () => Date;
}

const STAGE_ROLES: Record<string, string> = { pretrain: 'base', base: 'base', sft: 'instruct', rl: 'rl', distill: 'distill' };

function roleOf(model: ModelRecord, checkpoint: LabCheckpointRecord | undefined): string | undefined {
  const role = model.info['role'];
  if (typeof role === 'string') return role;
  return checkpoint ? (STAGE_ROLES[checkpoint.stage] ?? checkpoint.stage) : undefined;
}

/**
 * Reads a study through the store and runs the analytics: every number the report shows, as
 * `ReportData`. One run per (model, benchmark), read with its own verifier's verdicts (or the
 * requested verifier's); models are
 * identified by their store names.
 */
export async function gatherReportData(store: StudyStore, options: GatherOptions = {}): Promise<ReportData> {
  const boot = resolveBootstrap(options.bootstrap);
  const { models, benchmarks, runs } = await loadStudyRuns(store);
  // A requested verifier applies to every run; otherwise each run uses its own (a study mixes
  // math, code and lab benchmarks, each graded by its own verifier).
  const requested = options.verifier ? await resolveVerifier(store, options.verifier) : null;
  const checkpoints = new Map((await store.listLabCheckpoints()).map((c) => [c.name, c]));

  const passK: PassKCurve[] = [];
  const comparisons: Comparison[] = [];
  const coverage: ReportData['coverage'] = [];
  const histograms: ReportData['histograms'] = [];
  const deltaRows: ReportDeltaSERow[] = [];
  const algorithmComparisons: AlgorithmComparison[] = [];
  const trainingSteps: TrainingSteps[] = [];
  const runHealth: RunHealth[] = [];
  const problems: ProblemRow[] = [];
  const perplexity: PerplexityGroup[] = [];

  const problemCounts = new Map<string, number>();
  const roles = new Map(models.flatMap((m) => {
    const role = roleOf(m, checkpoints.get(m.name));
    return role === undefined ? [] : [[m.name, role] as const];
  }));
  for (const [i, pair] of (options.compare ?? []).entries()) {
    for (const name of pair) {
      if (!models.some((m) => m.name === name)) throw new InputError(`unknown model "${name}" (models: ${models.map((m) => m.name).join(', ')})`, { field: `compare.${i}` });
    }
  }
  const baseModel = pickBase(models, checkpoints, options.compare);
  for (const bench of benchmarks) {
    const problemRecords = await store.listProblems(bench.id);
    problemCounts.set(bench.name, problemRecords.length);
    const problemKeys = new Map(problemRecords.map((p) => [p.id, p.key]));
    const outcomes = new Map<string, ProblemOutcome[]>();
    const scans = new Map<string, RunScan>();
    for (const model of models) {
      const run = runs.get(runKey(model.id, bench.id));
      if (!run) continue;
      const scan = await scanRun(store, run, problemKeys);
      scans.set(model.name, scan);
      runHealth.push({
        run: run.label ?? `${model.name} @ ${bench.name}`, model: model.name, benchmark: bench.name,
        samples: scan.samples, duplicates: scan.duplicates, truncated: scan.truncated,
        duplicateRate: scan.samples > 0 ? scan.duplicates / scan.samples : 0,
        truncationRate: scan.samples > 0 ? scan.truncated / scan.samples : 0,
      });
      const key = await runVerifier(store, run.id, requested);
      const o = key ? await store.loadOutcomes(run.id, key) : [];
      if (o.length === 0) continue;
      outcomes.set(model.name, o);
      const bands = bootstrapPassAtK(o, 'pow2', boot);
      passK.push({
        benchmark: bench.name, model: model.name, problems: bands.problems, samplesPerProblem: bands.nMin,
        points: bands.k.map((k, i) => ({ k, value: bands.passAtK[i]!, lo: bands.ciLow[i]!, hi: bands.ciHigh[i]! })),
        ...(bands.note !== null ? { note: bands.note } : {}),
      });
      histograms.push({ benchmark: bench.name, model: model.name, bins: accuracyHistogram(o).map((b) => ({ label: b.label, count: b.count })) });
    }
    const evaluated = models.filter((m) => outcomes.has(m.name));

    // Per-problem grid: c/n of every evaluated model, and duplicates from the scan.
    const byProblem = new Map(evaluated.map((m) => [m.name, new Map(outcomes.get(m.name)!.map((o) => [o.problemId, o]))]));
    for (const p of problemRecords) {
      const cells = evaluated.flatMap((m) => {
        const o = byProblem.get(m.name)!.get(p.key);
        return o ? [{ model: m.name, correct: o.c, samples: o.n, duplicates: scans.get(m.name)?.duplicatesByProblem.get(p.key) ?? 0 }] : [];
      });
      if (cells.length > 0) problems.push({ benchmark: bench.name, problemId: p.key, cells });
    }

    const cov = coverageRegions(bench.name, evaluated.map((m) => ({ id: m.name, outcomes: outcomes.get(m.name)! })));
    if (cov && cov.models.length >= 1) coverage.push(cov);

    // Pairs: explicit, or the base model against every other evaluated model.
    const pairs = options.compare ?? (baseModel ? evaluated.filter((m) => m.name !== baseModel).map((m): [string, string] => [baseModel, m.name]) : []);
    const byBase = new Map<string, string[]>();
    for (const [b, o] of pairs) {
      const ob = outcomes.get(b);
      const oo = outcomes.get(o);
      if (!ob || !oo) continue;
      const cmp = compareModels(bench.name, { id: b, label: b, outcomes: ob }, { id: o, label: o, outcomes: oo }, boot);
      if (!cmp) continue;
      comparisons.push(cmp);
      byBase.set(b, [...(byBase.get(b) ?? []), o]);
    }

    // ΔSE (and the folded algorithm figure) per base model.
    for (const [b, others] of byBase) {
      const ob = outcomes.get(b)!;
      const nMin = Math.min(...ob.map((o) => o.n));
      const k = Math.min(options.deltaSEK ?? DEFAULT_DELTA_SE_K, nMin);
      const result = deltaSE(ob, others.map((name) => ({ name, outcomes: commonProblems(ob, outcomes.get(name)!).b })), k, boot);
      for (const r of result.rows) deltaRows.push({ benchmark: bench.name, base: b, rl: r.name, k, basePassK: result.basePassAtK, rlPass1: r.passAt1, deltaSE: r.deltaSE });
      // The folded figure compares RL algorithms: when roles are known, only the RL models count.
      const algorithms = others.some((o) => roles.has(o)) ? others.filter((o) => roles.get(o) === 'rl') : others;
      if (algorithms.length >= 2) algorithmComparisons.push({ benchmark: bench.name, base: b, models: algorithms, k });
    }

    const steps = trainingStepSeries(bench.name, evaluated, checkpoints, passK, options.deltaSEK ?? DEFAULT_DELTA_SE_K);
    if (steps) trainingSteps.push(steps);
  }

  perplexity.push(...(await perplexityGroups(store, models, benchmarks, [...runs.values()])));
  const beyond = await gatherBeyond(store, { ...(options.verifier ? { verifier: options.verifier } : {}), ...(options.compare ? { compare: options.compare } : {}), bootstrap: boot });

  return {
    schemaVersion: 1,
    title: options.title ?? 'rlbound study report',
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    source: options.source ?? store.location,
    confidence: boot.ci,
    bootstrapResamples: boot.resamples,
    models: models.map((m) => {
      const role = roles.get(m.name);
      const step = checkpoints.get(m.name)?.step;
      return { id: m.name, label: m.name, ...(role ? { role } : {}), ...(step != null ? { step } : {}) };
    }),
    benchmarks: benchmarks.map((b) => ({ id: b.name, label: b.name, problemCount: problemCounts.get(b.name) ?? 0 })),
    passK, comparisons, coverage, histograms, perplexity, deltaSE: deltaRows, algorithmComparisons, trainingSteps, runHealth, problems,
    ...beyond,
  };
}

/** The base model: the first of an explicit pair, a model whose role is "base", or the first model. */
function pickBase(models: ModelRecord[], checkpoints: Map<string, LabCheckpointRecord>, compare?: Array<[string, string]>): string | undefined {
  if (compare && compare.length > 0) return compare[0]![0];
  return (models.find((m) => roleOf(m, checkpoints.get(m.name)) === 'base') ?? models[0])?.name;
}

/**
 * pass@1 and pass@k of lab checkpoints against their training step (the base checkpoint they
 * descend from counts as step 0). Null when fewer than two evaluated models have a step.
 */
function trainingStepSeries(benchmark: string, evaluated: ModelRecord[], checkpoints: Map<string, LabCheckpointRecord>, passK: PassKCurve[], wantK: number): TrainingSteps | null {
  const withStep = evaluated.flatMap((m) => {
    const cp = checkpoints.get(m.name);
    if (!cp) return [];
    const step = cp.step ?? (STAGE_ROLES[cp.stage] === 'base' ? 0 : null);
    return step === null ? [] : [{ model: m.name, step }];
  });
  if (withStep.length < 2) return null;
  const curves = withStep.map((s) => passK.find((c) => c.benchmark === benchmark && c.model === s.model)!);
  const k = Math.min(wantK, ...curves.map((c) => c.points[c.points.length - 1]!.k));
  const at = (c: PassKCurve, kk: number): number => c.points.find((p) => p.k === kk)?.value ?? c.points.filter((p) => p.k <= kk).at(-1)!.value;
  return { benchmark, k, points: withStep.map((s, i) => ({ model: s.model, step: s.step, pass1: at(curves[i]!, 1), passK: at(curves[i]!, k) })) };
}
