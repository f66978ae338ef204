import { InputError } from '../../errors.js';
import type { StudyStore } from '../../study/index.js';
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
 * The verifier whose verdicts the report uses: the requested one, or the only one present; with
 * several and none requested the most frequent name wins (ties: first listed) — a report must not
 * silently mix graders, so exactly one key is used throughout.
 */
export async function chooseVerifier(store: StudyStore, requested?: VerifierKey): Promise<VerifierKey | null> {
  const keys = await store.listVerifierKeys();
  if (requested) {
    const found = keys.find((k) => k.verifier === requested.verifier && k.policy === requested.policy && k.version === requested.version);
    if (!found) {
      const list = keys.map((k) => `${k.verifier}/${k.policy}/${k.version}`).join(', ') || 'none';
      throw new InputError(`no verdicts from verifier ${requested.verifier}/${requested.policy}/${requested.version} in this study (present: ${list})`, { field: 'verifier' });
    }
    return found;
  }
  return keys[0] ?? null;
}
