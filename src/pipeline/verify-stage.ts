import type { StudyStore } from '../study/store.js';
import type { ProblemRecord, SampleRecord, VerdictInput, VerifierKey } from '../study/types.js';
import { MathBenchmark, MATH_VERIFIER_VERSION, type MathPolicy } from '../verify/math/index.js';
import type { MathGradingPool } from '../verify/math/pool.js';
import { VerdictCache, verifyCodeResponse, type CodePool } from '../verify/code/index.js';
import { getTask } from '../lab/tasks/registry.js';
import type { TaskProblem } from '../lab/tasks/task.js';
import { codeTargets } from './code-targets.js';

/** Version of the code verdicts this build writes (bump when harness semantics change). */
export const CODE_VERIFIER_VERSION = 'code-1';

export type VerifyStageOptions = {
  store: StudyStore;
  runId: number;
  batchSize?: number;
  onProgress?: (verified: number) => void;
  /**
   * The samples to verify instead of the run's unverified ones (a queue job verifies one slice of
   * one problem; a verdict already there is replaced by the same verdict).
   */
  samples?: AsyncIterable<SampleRecord>;
} & (
  | { verifier: 'math'; policy: MathPolicy; pool: MathGradingPool }
  | { verifier: 'code'; pool: CodePool }
  | { verifier: 'lab' }
);

export interface VerifyStageResult {
  key: VerifierKey;
  verified: number;
  correct: number;
  /** Samples whose sandbox failed: left without a verdict so the next run retries them. */
  sandboxErrors: number;
}

export function verifierKey(o: { verifier: 'math'; policy: MathPolicy } | { verifier: 'code' } | { verifier: 'lab'; task: string }): VerifierKey {
  if (o.verifier === 'math') return { verifier: 'math', policy: o.policy, version: MATH_VERIFIER_VERSION };
  if (o.verifier === 'code') return { verifier: 'code', policy: 'tests', version: CODE_VERIFIER_VERSION };
  // The same key the lab demo writes (src/lab/experiment/study-record.ts): the task's own checker.
  return { verifier: `lab-${o.task}`, policy: 'exact', version: '1' };
}

/** The lab task a stored lab problem belongs to (its gold holds the task's problem object). */
export function labGold(p: ProblemRecord): { task: string; difficulty: string; problem: TaskProblem } {
  const g = p.gold as { task?: unknown; difficulty?: unknown; problem?: unknown } | null;
  if (g === null || typeof g.task !== 'string' || typeof g.difficulty !== 'string' || g.problem === null || typeof g.problem !== 'object') {
    throw new Error(`problem ${p.key}: not a lab task problem`);
  }
  return { task: g.task, difficulty: g.difficulty, problem: g.problem as TaskProblem };
}

/**
 * Verifies every sample of a run that has no verdict under this verifier key yet, in batches, and
 * stores the verdicts (with the extracted answer and the deciding reason). Re-running it after an
 * interruption continues where it stopped; nothing already verified is graded again.
 */
export async function verifyRun(o: VerifyStageOptions): Promise<VerifyStageResult> {
  const run = await o.store.getRun(o.runId);
  if (run === null) throw new Error(`no run with id ${o.runId}`);
  const benchmark = await o.store.getBenchmarkById(run.benchmarkId);
  if (benchmark === null) throw new Error(`run ${o.runId} points at a missing benchmark`);
  const problems = new Map<number, ProblemRecord>((await o.store.listProblems(benchmark.id)).map((p) => [p.id, p]));
  const anyProblem = problems.values().next().value;
  const key = o.verifier === 'lab' ? verifierKey({ verifier: 'lab', task: anyProblem === undefined ? 'none' : labGold(anyProblem).task }) : verifierKey(o);
  const result: VerifyStageResult = { key, verified: 0, correct: 0, sandboxErrors: 0 };
  const batchSize = o.batchSize ?? 512;

  // Samples are collected first: verdict writes must not shift the pages of the reader.
  const pending: SampleRecord[] = [];
  for await (const s of o.samples ?? o.store.unverifiedSamples(o.runId, key)) pending.push(s);
  if (pending.length === 0) return result;

  const mathBenchmark = MathBenchmark.safeParse(benchmark.name);
  // At large n many samples are the same program: run each distinct (problem, program) once.
  const cache = new VerdictCache();
  const targets = o.verifier === 'code' ? await codeTargets(o.pool, benchmark.source, [...new Set(pending.map((s) => s.problemId))].map((id) => problems.get(id)!)) : undefined;

  for (let start = 0; start < pending.length; start += batchSize) {
    const batch = pending.slice(start, start + batchSize);
    const verdicts: VerdictInput[] = [];
    if (o.verifier === 'math') {
      const t0 = performance.now();
      const graded = await o.pool.gradeBatch(
        batch.map((s) => ({
          response: s.text ?? '',
          gold: String(problems.get(s.problemId)?.gold ?? ''),
          question: problems.get(s.problemId)?.prompt, // the problem text: it decides whether a list answer is ordered
          policy: o.policy,
          benchmark: mathBenchmark.success ? mathBenchmark.data : undefined,
        })),
      );
      const each = (performance.now() - t0) / batch.length;
      graded.forEach((v, i) => verdicts.push({ ...key, sampleId: batch[i].id, correct: v.correct, extracted: v.extracted, reason: v.reason, durationMs: each }));
    } else if (o.verifier === 'lab') {
      const tasks = new Map<string, ReturnType<typeof getTask>>();
      for (const s of batch) {
        const t0 = performance.now();
        const g = labGold(problems.get(s.problemId)!);
        const taskKey = `${g.task}@${g.difficulty}`;
        if (!tasks.has(taskKey)) tasks.set(taskKey, getTask(g.task, g.difficulty));
        const v = tasks.get(taskKey)!.verify(g.problem, s.text ?? '');
        verdicts.push({ ...key, sampleId: s.id, correct: v.correct, extracted: (s.text ?? '').trim() || null, reason: v.reason, durationMs: performance.now() - t0, detail: { format: v.format } });
      }
    } else {
      const results = await Promise.all(
        batch.map(async (s) => {
          const t0 = performance.now();
          const v = await verifyCodeResponse(o.pool, targets!.get(s.problemId)!, s.text ?? '', { cache });
          return { s, v, ms: performance.now() - t0 };
        }),
      );
      for (const { s, v, ms } of results) {
        if (v.status === 'sandbox_error') {
          result.sandboxErrors++;
          continue;
        }
        verdicts.push({
          ...key,
          sampleId: s.id,
          correct: v.correct,
          extracted: v.program,
          reason: v.status,
          durationMs: ms,
          detail: { passed: v.passed, total: v.total, detail: v.detail.slice(0, 2000), ...(v.baseCorrect !== undefined ? { base_correct: v.baseCorrect } : {}) },
        });
      }
    }
    await o.store.putVerdicts(verdicts);
    result.verified += verdicts.length;
    result.correct += verdicts.filter((v) => v.correct).length;
    o.onProgress?.(result.verified);
  }
  return result;
}
