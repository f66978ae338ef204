import { printExpr } from '../expression.js';
import type { TaskRandom } from '../random.js';
import { printSteps, type Step } from '../steps.js';
import type { CountdownProblem } from './problems.js';
import { allSolutions } from './solver.js';
import { treeFromSteps } from './trees.js';

const cache = new Map<string, Map<number, Step[][]>>();

/** Every solution of a problem (memoised per multiset: there are only a few hundred multisets). */
export function solutionsOf(problem: CountdownProblem): Step[][] {
  const k = [...problem.numbers].sort((a, b) => a - b).join(',');
  let all = cache.get(k);
  if (!all) {
    all = allSolutions(problem.numbers);
    cache.set(k, all);
  }
  return all.get(problem.target) ?? [];
}

function randomSolution(problem: CountdownProblem, rng: TaskRandom): Step[] {
  const sols = solutionsOf(problem);
  if (sols.length === 0) throw new Error(`problem ${problem.key} has no solution`);
  return rng.pick(sols);
}

/** The teacher's trace: a random one of all solutions, written as steps `a op b=c,…`. */
export function countdownTeacherTrace(problem: CountdownProblem, rng: TaskRandom): string {
  return printSteps(randomSolution(problem, rng));
}

/** The control (lab-prototype.md §2.6): the same kind of solution, in the base's expression format. */
export function countdownControlTrace(problem: CountdownProblem, rng: TaskRandom): string {
  return printExpr(treeFromSteps(problem.numbers, randomSolution(problem, rng)));
}
