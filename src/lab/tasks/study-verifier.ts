import { InputError } from '../../errors.js';
import type { ProblemRecord, SampleRecord, VerifierKey } from '../../study/types.js';
import { firstProblem, type Grade, type Verifier, type VerifierPlugin, type VerifierSettings, type VerifyScope } from '../../verify/verifier.js';
import { getTask } from './registry.js';
import type { TaskFamily, TaskProblem } from './task.js';

/** The lab task a stored lab problem belongs to (its gold holds the task's problem object). */
export function labGold(p: ProblemRecord, benchmark: string): { task: string; difficulty: string; problem: TaskProblem } {
  const g = p.gold as { task?: unknown; difficulty?: unknown; problem?: unknown } | null;
  if (
    g === null ||
    typeof g !== 'object' ||
    typeof g.task !== 'string' ||
    typeof g.difficulty !== 'string' ||
    g.problem === null ||
    typeof g.problem !== 'object'
  ) {
    throw new InputError(
      `benchmark "${benchmark}" is not a lab task benchmark (problem ${p.key} has no lab task in its gold answer); the lab verifier grades lab-countdown and lab-arithmetic only — leave out --verifier to use the one the benchmark needs`,
      { field: '--verifier' },
    );
  }
  return { task: g.task, difficulty: g.difficulty, problem: g.problem as TaskProblem };
}

/** The lab task's own checker, exact match; the same key the lab demo writes (experiment/study-record.ts). */
export class LabVerifier implements Verifier {
  private readonly tasks = new Map<string, TaskFamily>();
  constructor(readonly settings: Extract<VerifierSettings, { kind: 'lab' }>) {}

  key(scope: VerifyScope): VerifierKey {
    const first = firstProblem(scope);
    return { verifier: `lab-${first === undefined ? 'none' : labGold(first, scope.benchmark.name).task}`, policy: 'exact', version: '1' };
  }

  async grade(samples: readonly SampleRecord[], scope: VerifyScope): Promise<Grade[]> {
    return samples.map((s) => {
      const t0 = performance.now();
      const g = labGold(scope.problems.get(s.problemId)!, scope.benchmark.name);
      const taskKey = `${g.task}@${g.difficulty}`;
      let task = this.tasks.get(taskKey);
      if (task === undefined) this.tasks.set(taskKey, (task = getTask(g.task, g.difficulty)));
      const v = task.verify(g.problem, s.text ?? '');
      return {
        correct: v.correct,
        extracted: (s.text ?? '').trim() || null,
        reason: v.reason,
        durationMs: performance.now() - t0,
        detail: { format: v.format },
      };
    });
  }

  async close(): Promise<void> {}
}

export const labVerifierPlugin: VerifierPlugin<'lab'> = {
  kind: 'lab',
  create: (settings) => new LabVerifier(settings),
  claims: (_benchmark, firstGold) => firstGold !== null && typeof firstGold === 'object' && 'task' in firstGold,
};
