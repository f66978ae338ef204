import {
  accuracyHistogram,
  bootstrapPassAtK,
  deltaSE,
  DEFAULT_DELTA_SE_K,
  planBootstrap,
  type BootstrapOptions,
  type ProblemOutcome,
} from '../../analyze/index.js';
import { InputError } from '../../errors.js';
import { formatVerifierKey, type LabCheckpointRecord, type ModelRecord, type StudyStore, type VerifierKey } from '../../study/index.js';
import { VERSION } from '../../version.js';
import type {
  AlgorithmComparison,
  Comparison,
  ReportDeltaSERow,
  PassKCurve,
  PerplexityGroup,
  ProblemRow,
  ProvenanceRun,
  ReportData,
  RunHealth,
  TrainingSteps,
} from '../report-data.js';
import { runSettings } from '../run-settings.js';
import { gatherBeyond } from './beyond.js';
import { commonProblems, compareModels } from './comparisons.js';
import { coverageRegions } from './coverage-regions.js';
import { perplexityGroups } from './perplexity-groups.js';
import { checkpointStep, roleOf, type ModelRole } from './roles.js';
import { runHealthRow, scanRun, type RunScan } from './run-health.js';
import { runOrigin } from './run-origin.js';
import { loadStudyRuns, resolveVerifier, runKey, runVerifier, type RunSelection } from './study-runs.js';

export interface GatherOptions {
  title?: string;
  /** Where the study came from, printed in the report (default: the store's location). */
  source?: string;
  /** Verifier whose verdicts count (default: each run's own). */
  verifier?: VerifierKey;
  /** Which runs to read when a model has several on one benchmark (default: refuse such a store). */
  selection?: RunSelection;
  /** Model pairs [base, other] by name (default: the declared base model against every other model). */
  compare?: Array<[string, string]>;
  /** k of ΔSE and of the training-step figure (default 256, lowered to the smallest sample count). */
  deltaSEK?: number;
  /** Resampling; the report's default is adaptive (`resamples: 'auto'`). */
  bootstrap?: BootstrapOptions;
  /** Clock for `generatedAt` (tests pin it). */
  now?: () => Date;
}

/**
 * Reads a study through the store and runs the analytics: every number the report shows, as
 * `ReportData`. One run per (model, benchmark) — chosen explicitly, never guessed (see
 * loadStudyRuns) — each read with its own verifier's verdicts (or the requested verifier's).
 * Models are identified by their store names; the base model is the one the store declares.
 */
export async function gatherReportData(store: StudyStore, options: GatherOptions = {}): Promise<ReportData> {
  const bootOptions: BootstrapOptions = { resamples: 'auto', ...options.bootstrap };
  const boot = planBootstrap(bootOptions);
  const { models, benchmarks, runs, selectedBy } = await loadStudyRuns(store, options.selection);
  // A requested verifier applies to every run; otherwise each run uses its own (a study mixes
  // math, code and lab benchmarks, each graded by its own verifier).
  const requested = options.verifier ? await resolveVerifier(store, options.verifier) : null;
  const checkpoints = new Map((await store.listLabCheckpoints()).map((c) => [c.name, c]));
  const warnings: string[] = [];

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
  const provenanceRuns: ProvenanceRun[] = [];
  const resampleCounts: number[] = [];

  const problemCounts = new Map<string, number>();
  const roles = new Map(
    models.flatMap((m) => {
      const role = roleOf(m, checkpoints.get(m.name));
      return role === undefined ? [] : [[m.name, role] as const];
    }),
  );
  for (const [i, pair] of (options.compare ?? []).entries()) {
    for (const name of pair) {
      if (!models.some((m) => m.name === name))
        throw new InputError(`unknown model "${name}" (models: ${models.map((m) => m.name).join(', ')})`, { field: `compare.${i}` });
    }
  }
  const baseModel = pickBase(models, roles, options.compare, warnings);
  const wantK = options.deltaSEK ?? DEFAULT_DELTA_SE_K;
  for (const bench of benchmarks) {
    const problemRecords = await store.listProblems(bench.id);
    problemCounts.set(bench.name, problemRecords.length);
    const problemKeys = new Map(problemRecords.map((p) => [p.id, p.key]));
    const outcomes = new Map<string, ProblemOutcome[]>();
    const scans = new Map<string, RunScan>();
    for (const model of models) {
      const run = runs.get(runKey(model.id, bench.id));
      if (!run) continue;
      const [scan, origin, key] = await Promise.all([scanRun(store, run, problemKeys), runOrigin(store, run), runVerifier(store, run.id, requested)]);
      scans.set(model.name, scan);
      runHealth.push(runHealthRow(run.label ?? `${model.name} @ ${bench.name}`, run, model.name, bench.name, scan, origin));
      const settings = runSettings(run);
      provenanceRuns.push({
        runId: run.id,
        model: model.name,
        benchmark: bench.name,
        role: roles.get(model.name)?.role ?? null,
        origin: origin.origin,
        temperature: settings.temperature,
        topP: settings.top_p,
        maxTokens: settings.max_tokens,
        n: settings.n,
        template: settings.template,
        seed: settings.seed,
        verifier: key ? formatVerifierKey(key) : null,
        imports: origin.imports.map(({ format, file, contentHash, samples }) => ({ format, file, contentHash, samples })),
      });
      const o = key ? await store.loadOutcomes(run.id, key) : [];
      if (o.length === 0) continue;
      outcomes.set(model.name, o);
      const bands = bootstrapPassAtK(o, 'pow2', bootOptions);
      resampleCounts.push(bands.resamples);
      passK.push({
        benchmark: bench.name,
        model: model.name,
        problems: bands.problems,
        samplesPerProblem: bands.nMin,
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

    const cov = coverageRegions(
      bench.name,
      evaluated.map((m) => ({ id: m.name, outcomes: outcomes.get(m.name)! })),
    );
    if (cov && cov.models.length >= 1) coverage.push(cov);

    // Pairs: explicit, or the declared base model against every other evaluated model.
    const pairs = options.compare ?? (baseModel ? evaluated.filter((m) => m.name !== baseModel).map((m): [string, string] => [baseModel, m.name]) : []);
    const byBase = new Map<string, string[]>();
    for (const [b, o] of pairs) {
      const ob = outcomes.get(b);
      const oo = outcomes.get(o);
      if (!ob || !oo) continue;
      const cmp = compareModels(bench.name, { id: b, label: b, outcomes: ob }, { id: o, label: o, outcomes: oo }, bootOptions);
      if (!cmp) continue;
      comparisons.push(cmp);
      resampleCounts.push(cmp.resamples ?? 0, cmp.crossover.resamples ?? 0);
      byBase.set(b, [...(byBase.get(b) ?? []), o]);
    }

    // ΔSE (and the folded algorithm figure) per base model, at the asked k or — stated — lower.
    for (const [b, others] of byBase) {
      const ob = outcomes.get(b)!;
      const nMin = Math.min(...ob.map((o) => o.n));
      const k = Math.min(wantK, nMin);
      if (k < wantK) warnings.push(`${bench.name}: ΔSE uses k = ${k}, not ${wantK}: ${b} has only ${nMin} samples on some problem`);
      const result = deltaSE(
        ob,
        others.map((name) => ({ name, outcomes: commonProblems(ob, outcomes.get(name)!).b })),
        k,
        bootOptions,
      );
      for (const r of result.rows) {
        resampleCounts.push(r.resamples ?? result.resamples);
        deltaRows.push({
          benchmark: bench.name,
          base: b,
          rl: r.name,
          k,
          basePassK: result.basePassAtK,
          rlPass1: r.passAt1,
          deltaSE: r.deltaSE,
          lo: r.ciLow,
          hi: r.ciHigh,
          mcError: r.mcError ?? null,
          resamples: r.resamples ?? result.resamples,
          ...(k < wantK ? { kRequested: wantK } : {}),
        });
      }
      // The folded figure compares RL algorithms: when roles are known, only the RL models count.
      const algorithms = others.some((o) => roles.has(o)) ? others.filter((o) => roles.get(o)?.role === 'rl') : others;
      if (algorithms.length >= 2) algorithmComparisons.push({ benchmark: bench.name, base: b, models: algorithms, k });
    }

    const steps = trainingStepSeries(bench.name, evaluated, checkpoints, passK, wantK);
    if (steps) trainingSteps.push(steps);
  }
  for (const h of runHealth)
    if (h.origin === 'counts-only')
      warnings.push(
        `${h.model} on ${h.benchmark}: counts only (n and c per problem) — pass@k, coverage, histograms and ΔSE are exact; nothing that needs texts (duplicates, perplexity, the viewer's samples) exists for this run`,
      );

  perplexity.push(...(await perplexityGroups(store, models, benchmarks, [...runs.values()])));
  const beyond = await gatherBeyond(store, {
    ...(options.verifier ? { verifier: options.verifier } : {}),
    ...(options.compare ? { compare: options.compare } : {}),
    ...(options.selection ? { selection: options.selection } : {}),
    bootstrap: bootOptions,
  });

  return {
    schemaVersion: 1,
    title: options.title ?? studyTitle(options.source ?? store.location),
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    source: options.source ?? store.location,
    confidence: boot.ci,
    bootstrapResamples: resampleCounts.length > 0 ? Math.max(...resampleCounts) : (boot.fixed ?? 0),
    models: models.map((m) => {
      const role = roles.get(m.name);
      const step = checkpoints.get(m.name)?.step;
      return { id: m.name, label: m.name, ...(role ? { role: role.role, roleSource: role.source } : {}), ...(step != null ? { step } : {}) };
    }),
    benchmarks: benchmarks.map((b) => ({ id: b.name, label: b.name, problemCount: problemCounts.get(b.name) ?? 0 })),
    passK,
    comparisons,
    coverage,
    histograms,
    perplexity,
    deltaSE: deltaRows,
    algorithmComparisons,
    trainingSteps,
    runHealth,
    problems,
    provenance: {
      rlboundVersion: VERSION,
      selectedBy,
      runs: provenanceRuns,
      bootstrap: {
        mode: boot.fixed === null ? 'auto' : 'fixed',
        seed: boot.seed,
        ci: boot.ci,
        tolerance: boot.fixed === null ? boot.tolerance : null,
        maxResamples: boot.fixed === null ? boot.maxResamples : null,
        minResamples: resampleCounts.length > 0 ? Math.min(...resampleCounts) : 0,
        maxUsed: resampleCounts.length > 0 ? Math.max(...resampleCounts) : 0,
      },
      warnings,
    },
    ...beyond,
  };
}

/** "study.sqlite" → "study": the report is titled after the study, not after the tool. */
function studyTitle(source: string): string {
  const base = source.split(/[\\/]/).pop() ?? source;
  return base.replace(/\.(sqlite3?|db|ya?ml)$/i, '') || source;
}

/**
 * The base model: the first of an explicit pair, else the one model the store declares "base".
 * None declared (or several): no default comparison, and a warning saying how to declare one —
 * guessing from insertion order once made an RL model the base.
 */
function pickBase(models: ModelRecord[], roles: Map<string, ModelRole>, compare: Array<[string, string]> | undefined, warnings: string[]): string | undefined {
  if (compare && compare.length > 0) return compare[0]![0];
  const bases = models.filter((m) => roles.get(m.name)?.role === 'base');
  if (bases.length === 1) return bases[0]!.name;
  if (models.length < 2) return undefined;
  if (bases.length === 0)
    warnings.push(
      `no model is declared as the base model, so no comparison, crossover or ΔSE is computed; declare one (rlbound import --role base, a study file's role) or pass --compare BASE:OTHER`,
    );
  else warnings.push(`several models are declared base (${bases.map((b) => b.name).join(', ')}); pass --compare BASE:OTHER to say which comparisons to make`);
  return undefined;
}

/**
 * pass@1 and pass@k of lab checkpoints against their training step (the base checkpoint they
 * descend from counts as step 0). Null when fewer than two evaluated models have a step.
 */
function trainingStepSeries(
  benchmark: string,
  evaluated: ModelRecord[],
  checkpoints: Map<string, LabCheckpointRecord>,
  passK: PassKCurve[],
  wantK: number,
): TrainingSteps | null {
  const withStep = evaluated.flatMap((m) => {
    const cp = checkpoints.get(m.name);
    if (!cp) return [];
    const step = checkpointStep(cp);
    return step === null ? [] : [{ model: m.name, step }];
  });
  if (withStep.length < 2) return null;
  withStep.sort((a, b) => a.step - b.step);
  const curves = withStep.map((s) => passK.find((c) => c.benchmark === benchmark && c.model === s.model)!);
  const k = Math.min(wantK, ...curves.map((c) => c.points[c.points.length - 1]!.k));
  const at = (c: PassKCurve, kk: number): number => c.points.find((p) => p.k === kk)?.value ?? c.points.filter((p) => p.k <= kk).at(-1)!.value;
  return { benchmark, k, points: withStep.map((s, i) => ({ model: s.model, step: s.step, pass1: at(curves[i]!, 1), passK: at(curves[i]!, k) })) };
}
