import path from 'node:path';
import { registerBenchmark } from '../sample/register-benchmark.js';
import { sampleRun } from '../sample/sample-run.js';
import { scoreRun } from '../sample/score-run.js';
import { finishedProgress, type SamplingProgress } from '../sample/run-sampling.js';
import { openStore } from '../study/open-store.js';
import type { StudyStore } from '../study/store.js';
import { reportStudy } from '../report/report-study.js';
import { runAnalyses, type AnalysesResult } from './analyses.js';
import { providerFor } from './model-provider.js';
import { planStudy, type StudyPlan } from './plan-study.js';
import { STAGES, type Stage, type StudyRunRef } from './run-spec.js';
export { STAGES, type Stage, type StudyRunRef } from './run-spec.js';
import { registerRunSpec } from './study-runs.js';
import { verifyRun, type VerifyStageResult } from './verify-stage.js';

/** What the runner reports while it works (the CLI turns these into one progress display). */
export type StudyEvent =
  | { stage: 'load'; benchmark: string; problems: number; dropped: number; source: string }
  | { stage: 'sample'; model: string; benchmark: string; runId: number; progress: SamplingProgress; done: boolean }
  | { stage: 'verify'; model: string; benchmark: string; runId: number; result: VerifyStageResult }
  | { stage: 'score'; scorer: string; model: string; benchmark: string; runId: number; scored: number; failed: number }
  | { stage: 'analyze'; result: AnalysesResult }
  | { stage: 'report'; out: string };

export interface RunStudyOptions {
  file: string;
  /** Stop after this stage (default: all of them). */
  until?: Stage;
  onEvent?: (e: StudyEvent) => void;
  /**
   * Aborting stops sampling at once (what is stored stays), lets a verification or scoring pass in
   * progress finish, and starts nothing after it; the result says where it stopped.
   */
  signal?: AbortSignal;
}

export interface RunStudyResult {
  store: string;
  runs: StudyRunRef[];
  reportOut?: string;
  /** Set when the signal stopped the study: the stage that was running. Run the same command to resume. */
  interruptedAt?: Stage;
}

/** Thrown inside the runner to leave every loop once the signal fired; never escapes runStudy. */
class Interrupted {
  constructor(readonly stage: Stage) {}
}

/**
 * `rlbound run STUDY.yaml`: sample every model on every benchmark, verify, score, analyze and
 * report. Every stage reads what the previous ones stored, so running it again after an
 * interruption (or after adding a model) does only the missing work.
 */
export async function runStudy(o: RunStudyOptions): Promise<RunStudyResult> {
  const plan = await planStudy(o.file);
  const upto = STAGES.indexOf(o.until ?? 'report');
  const emit = o.onEvent ?? (() => undefined);
  const checkpoint = (stage: Stage): void => {
    if (o.signal?.aborted) throw new Interrupted(stage);
  };
  const runs: StudyRunRef[] = [];
  const store: StudyStore = await openStore(plan.store);
  try {
    try {
      await sampleAndVerify(plan, store, runs, upto, emit, checkpoint, o.signal);
      if (upto >= STAGES.indexOf('score')) await scoreStage(plan, store, runs, emit, checkpoint, o.signal);
      if (upto >= STAGES.indexOf('analyze')) {
        checkpoint('analyze');
        const reportOut = plan.study.report.out === undefined ? undefined : path.resolve(plan.baseDir, plan.study.report.out);
        const result = await runAnalyses({
          store,
          plan,
          runs,
          outDir: reportOut ?? path.join(path.dirname(plan.store), `${path.basename(plan.store).replace(/\.[^.]+$/, '')}-analyses`),
          signal: o.signal,
        });
        emit({ stage: 'analyze', result });
        checkpoint('analyze');
      }
    } finally {
      await plan.verifiers.close();
      await store.close();
    }
    let reportOut: string | undefined;
    if (upto >= STAGES.indexOf('report')) {
      reportOut = path.resolve(plan.baseDir, plan.study.report.out ?? `${plan.study.store.replace(/\.[^.]+$/, '')}-report`);
      // Exactly the main runs sampled above (not the guessability or temperature-sweep runs).
      const mainRuns = runs.map((r) => r.runId).filter((id) => id >= 0);
      await reportStudy({ study: o.file, out: reportOut, ...(mainRuns.length > 0 ? { selection: { runs: mainRuns } } : {}) });
      emit({ stage: 'report', out: reportOut });
    }
    return { store: plan.store, runs, reportOut };
  } catch (err) {
    if (err instanceof Interrupted) return { store: plan.store, runs, interruptedAt: err.stage };
    // A request cut off by the signal surfaces as an abort error of the transport: still an interruption.
    if (o.signal?.aborted) return { store: plan.store, runs, interruptedAt: 'sample' };
    throw err;
  }
}

async function sampleAndVerify(
  plan: StudyPlan,
  store: StudyStore,
  runs: StudyRunRef[],
  upto: number,
  emit: (e: StudyEvent) => void,
  checkpoint: (stage: Stage) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  for (const b of plan.benchmarks) {
    const spec = b.loaded.spec;
    emit({ stage: 'load', benchmark: spec.name, problems: b.loaded.problems.length, dropped: b.loaded.dropped, source: b.loaded.source });
    const { benchmark, problems } = await registerBenchmark(store, b.loaded);
    for (const run of plan.runs.filter((r) => r.benchmark === b)) {
      checkpoint('sample');
      const { run: record } = await registerRunSpec(store, run, benchmark.id);
      const opened = providerFor(run.model, run.concurrency);
      try {
        const result = await sampleRun({
          store,
          run: record,
          provider: opened.provider,
          modelName: run.model.name,
          servedName: run.model.servedName,
          providerKind: run.model.provider,
          endpoint: run.model.endpoint,
          benchmarkId: benchmark.id,
          problems,
          rule: run.rule,
          n: run.n,
          params: run.params,
          baseSeed: run.baseSeed,
          concurrency: run.concurrency * opened.servers,
          onProgress: (progress) => emit({ stage: 'sample', model: run.model.name, benchmark: spec.name, runId: record.id, progress, done: false }),
          signal,
        });
        const s = result.summary;
        emit({
          stage: 'sample',
          model: run.model.name,
          benchmark: spec.name,
          runId: record.id,
          done: true,
          progress: finishedProgress(s),
        });
      } finally {
        opened.close();
      }
      runs.push({ model: run.model.name, benchmark: spec.name, runId: record.id, spec: run });
      checkpoint('sample');
      if (upto < STAGES.indexOf('verify')) continue;
      const verified = await verifyRun({ store, runId: record.id, verifier: run.verifier });
      emit({ stage: 'verify', model: run.model.name, benchmark: spec.name, runId: record.id, result: verified });
      checkpoint('verify');
    }
  }
}

async function scoreStage(
  plan: StudyPlan,
  store: StudyStore,
  runs: readonly StudyRunRef[],
  emit: (e: StudyEvent) => void,
  checkpoint: (stage: Stage) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  for (const sc of plan.study.scoring) {
    const scorer = plan.models.find((m) => m.name === sc.scorer)!;
    const opened = providerFor(scorer, 16);
    try {
      for (const r of runs) {
        if (!sc.responses_of.includes(r.model) || (sc.benchmarks !== undefined && !sc.benchmarks.includes(r.benchmark))) continue;
        checkpoint('score');
        const summary = await scoreRun({
          store,
          provider: opened.provider,
          runId: r.runId,
          scorerName: scorer.name,
          servedName: scorer.servedName,
          providerKind: opened.kind,
          endpoint: opened.location,
          rule: r.spec.rule,
          concurrency: 16,
          signal,
        });
        emit({ stage: 'score', scorer: scorer.name, model: r.model, benchmark: r.benchmark, runId: r.runId, scored: summary.scored, failed: summary.failed });
      }
    } finally {
      opened.close();
    }
  }
}
