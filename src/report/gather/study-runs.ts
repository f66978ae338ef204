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
 * Checks a requested verifier: it must have verdicts in this study, since a report built on a
 * grader with no verdicts would silently show nothing. No request: null (each run then uses its own).
 */
export async function resolveVerifier(store: StudyStore, requested?: VerifierKey): Promise<VerifierKey | null> {
  if (!requested) return null;
  const keys = await store.listVerifierKeys();
  const found = keys.find((k) => k.verifier === requested.verifier && k.policy === requested.policy && k.version === requested.version);
  if (!found) throw new InputError(`no verdicts from verifier ${formatVerifierKey(requested)} in this study (present: ${keys.map(formatVerifierKey).join(', ') || 'none'})`, { field: 'verifier' });
  return found;
}

/**
 * The verdicts a run is read with: the requested verifier, else the run's only one (a study mixes
 * math, code and lab benchmarks, each graded by its own verifier); several on one run without a
 * choice is an error that lists them. Null when the run has no verdicts yet.
 */
export async function runVerifier(store: StudyStore, runId: number, requested: VerifierKey | null): Promise<VerifierKey | null> {
  return requested ?? (await chooseVerifier(store, runId, undefined)) ?? null;
}
