import { InputError } from '../../errors.js';
import { chooseVerifier, formatVerifierKey, type StudyStore } from '../../study/index.js';
import type { BenchmarkRecord, ModelRecord, RunRecord, VerifierKey } from '../../study/index.js';

/** The runs a report reads: at most one per (model, benchmark). */
export interface StudyRuns {
  models: ModelRecord[];
  benchmarks: BenchmarkRecord[];
  /** Keyed by `runKey(modelId, benchmarkId)`. */
  runs: Map<string, RunRecord>;
}

export const runKey = (modelId: number, benchmarkId: number): string => `${modelId}/${benchmarkId}`;

/**
 * Loads models, benchmarks and runs. When a model has several runs on one benchmark (different
 * sampling settings), the one with the most target samples is used (the latest on a tie) — the
 * report compares models, so it needs exactly one run per cell.
 */
export async function loadStudyRuns(store: StudyStore): Promise<StudyRuns> {
  const [models, benchmarks, all] = await Promise.all([store.listModels(), store.listBenchmarks(), store.listRuns()]);
  const runs = new Map<string, RunRecord>();
  for (const run of all) {
    const key = runKey(run.modelId, run.benchmarkId);
    const prev = runs.get(key);
    if (!prev || run.targetN > prev.targetN || (run.targetN === prev.targetN && run.id > prev.id)) runs.set(key, run);
  }
  return { models, benchmarks, runs };
}

/**
 * The verifier whose verdicts the report uses: the study's only one (several without a choice is an
 * error listing them), or the requested one — which must have verdicts here, since a report built
 * on a grader with no verdicts would silently show nothing.
 */
export async function resolveVerifier(store: StudyStore, requested?: VerifierKey): Promise<VerifierKey | null> {
  if (requested) {
    const keys = await store.listVerifierKeys();
    const found = keys.find((k) => k.verifier === requested.verifier && k.policy === requested.policy && k.version === requested.version);
    if (!found) throw new InputError(`no verdicts from verifier ${formatVerifierKey(requested)} in this study (present: ${keys.map(formatVerifierKey).join(', ') || 'none'})`, { field: 'verifier' });
    return found;
  }
  return (await chooseVerifier(store, undefined, undefined)) ?? null;
}
