import { requireText, type BenchmarkSpec } from '../../bench/spec.js';
import { getTask, TASK_NAMES } from './registry.js';

/** Held-out problems generated for the default lab benchmarks (disjoint from RL/teacher training). */
export const LAB_TEST_PROBLEMS = 200;
/** Problem-set seed: the same set every time, so studies of lab checkpoints are comparable. */
export const LAB_TEST_SEED = 0;

/**
 * A lab task family as a benchmark: `lab-countdown`, `lab-arithmetic` (optionally with a
 * difficulty, `lab-countdown@hard`). Prompts are raw task text; the verifier is the task's checker.
 * The lab registers this family with the benchmark registry (src/lab/plugin.ts).
 */
export function labTaskSpec(name: string): BenchmarkSpec | undefined {
  const m = /^lab-([a-z]+)(?:@([a-z]+))?$/.exec(name);
  if (m === null || !(TASK_NAMES as readonly string[]).includes(m[1])) return undefined;
  const difficulty = m[2] ?? 'default';
  const task = getTask(m[1], difficulty);
  return {
    name,
    description: `lab task: ${task.description} (${LAB_TEST_PROBLEMS} held-out problems)`,
    kind: 'lab',
    verifier: 'lab',
    defaultTemplate: 'raw',
    generate: () => task.problems('test', LAB_TEST_PROBLEMS, LAB_TEST_SEED).map((p) => ({ ...p })),
    toProblem(row, index, where) {
      return {
        id: requireText(row, ['key'], where),
        index,
        kind: 'lab',
        question: requireText(row, ['prompt'], where),
        gold: null,
        lab: { task: m[1], difficulty, problem: row },
        meta: { task: m[1], difficulty },
      };
    },
  };
}
