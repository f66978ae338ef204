import type { Problem } from '../../bench/problem.js';
import { InputError } from '../../errors.js';
import type { PreparedEvalPlusTask } from './humanevalplus.js';
import type { LcbProblem } from './livecodebench.js';
import type { CodeTarget } from './verify-response.js';

/**
 * The code target of a benchmark problem (src/bench) for verifyCodeResponse.
 * LiveCodeBench-style problems (stdin/functional tests) convert directly. EvalPlus problems need
 * their prepared task (prepareEvalPlus on tasks from loadEvalPlus, keyed by task id): the
 * expected outputs come from the canonical solution, and the inputs must reach Python as the
 * data file's raw JSON text, which a parsed Problem no longer has (1.0 became 1).
 */
export function codeTargetForProblem(
  problem: Problem,
  evalPlus?: ReadonlyMap<string, PreparedEvalPlusTask>,
  responseMode: 'chat' | 'completion' = 'chat',
): CodeTarget {
  const code = problem.code;
  if (problem.kind !== 'code' || code === undefined) throw new InputError(`problem ${problem.id} is not a code problem`, { field: 'kind' });
  if (code.tests && code.tests.length > 0) {
    const lcb: LcbProblem = {
      index: problem.index,
      problem: problem.question,
      starterCode: code.starterCode ?? '',
      tests: code.tests.map((t) => ({ input: t.input, output: t.output, testtype: t.type === 'stdin' ? 'stdin' : 'functional' })),
    };
    return { kind: 'livecodebench', problem: lcb };
  }
  const task = evalPlus?.get(problem.id);
  if (task === undefined)
    throw new InputError(`no prepared EvalPlus task for ${problem.id}: run prepareEvalPlus on loadEvalPlus(<file>) first`, { field: 'id' });
  return { kind: 'evalplus', task, responseMode };
}
