import { InputError } from '../errors.js';
import type { StudyStore } from '../study/store.js';
import type { ProblemRecord, SampleRecord, VerdictInput, VerifierKey } from '../study/types.js';
import type { Verifier, VerifyScope } from '../verify/verifier.js';

export interface VerifyStageOptions {
  store: StudyStore;
  runId: number;
  verifier: Verifier;
  batchSize?: number;
  onProgress?: (verified: number) => void;
  /**
   * Only this slice of one problem's samples (a queue job's share). Samples in it that already
   * have a verdict under the key are skipped, so a retried job never grades a sample twice — a
   * second grade could differ (a timeout the first time) and the store refuses to replace one.
   */
  slice?: { problemId: number; first: number; count: number };
}

export interface VerifyStageResult {
  key: VerifierKey;
  verified: number;
  correct: number;
  /** Samples whose sandbox failed: left without a verdict so the next run retries them. */
  sandboxErrors: number;
}

/** A run's benchmark and problems, as a verifier sees them. */
export async function verifyScope(store: StudyStore, runId: number): Promise<VerifyScope> {
  const run = await store.getRun(runId);
  if (run === null) throw new InputError(`no run with id ${runId} in this study`, { field: '--run' });
  const benchmark = await store.getBenchmarkById(run.benchmarkId);
  if (benchmark === null) throw new InputError(`run ${runId} points at benchmark ${run.benchmarkId}, which the study does not hold`, { field: '--run' });
  const problems = new Map<number, ProblemRecord>((await store.listProblems(benchmark.id)).map((p) => [p.id, p]));
  return { benchmark, problems };
}

/**
 * Verifies every sample of a run that has no verdict under the verifier's key yet, in batches, and
 * stores the verdicts (with the extracted answer and the deciding reason). Re-running it after an
 * interruption continues where it stopped; nothing already verified is graded again.
 */
export async function verifyRun(o: VerifyStageOptions): Promise<VerifyStageResult> {
  const scope = await verifyScope(o.store, o.runId);
  const key = o.verifier.key(scope);
  const result: VerifyStageResult = { key, verified: 0, correct: 0, sandboxErrors: 0 };
  const batchSize = o.batchSize ?? 512;

  // Samples are collected first: verdict writes must not shift the pages of the reader.
  const pending: SampleRecord[] = [];
  const slice = o.slice;
  for await (const s of o.store.unverifiedSamples(o.runId, key, slice ? { problemId: slice.problemId } : {})) {
    if (slice && s.sampleIndex >= slice.first + slice.count) break;
    if (!slice || s.sampleIndex >= slice.first) pending.push(s);
  }

  for (let start = 0; start < pending.length; start += batchSize) {
    const batch = pending.slice(start, start + batchSize);
    const grades = await o.verifier.grade(batch, scope);
    if (grades.length !== batch.length)
      throw new RangeError(`the ${o.verifier.settings.kind} verifier returned ${grades.length} grades for ${batch.length} samples`);
    const verdicts: VerdictInput[] = [];
    grades.forEach((g, i) => {
      if (g === null) result.sandboxErrors++;
      else verdicts.push({ ...key, sampleId: batch[i].id, ...g });
    });
    await o.store.putVerdicts(verdicts);
    result.verified += verdicts.length;
    result.correct += verdicts.filter((v) => v.correct).length;
    o.onProgress?.(result.verified);
  }
  return result;
}
