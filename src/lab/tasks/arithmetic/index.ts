import type { TaskRandom } from '../random.js';
import { printSteps } from '../steps.js';
import type { TaskFamily, TextPair } from '../task.js';
import { arithmeticProblems, arithmeticTeacherProblem, drawExpression, type ArithmeticProblem } from './problems.js';
import { ArithmeticSettings, ARITHMETIC_DIFFICULTY } from './settings.js';
import { verifyArithmetic } from './verifier.js';

export * from './settings.js';
export * from './problems.js';
export * from './verifier.js';

/**
 * One base-corpus example: a standalone fact (one evaluation step, after BOS, no prompt) with
 * probability `factShare`, otherwise an expression of 2..operands operands answered directly —
 * never the written-out chain of intermediate results.
 */
export function arithmeticCorpusExample(s: ArithmeticSettings, rng: TaskRandom): TextPair {
  for (;;) {
    const p = drawExpression(s, rng.int(2, s.operands), rng);
    if (p === null) continue;
    if (rng.next() < s.factShare) return { prompt: '#', response: printSteps([rng.pick(p.steps)]) };
    return { prompt: p.prompt, response: String(p.value) };
  }
}

/**
 * Multi-step arithmetic: evaluate `3+4*2-5` (`*` binds tighter). Base answers are the bare value;
 * teacher answers write each intermediate result (`4*2=8,3+8=11,11-5=6`).
 */
export function createArithmeticTask(settings: ArithmeticSettings = ARITHMETIC_DIFFICULTY.default): TaskFamily<ArithmeticProblem> {
  const s = ArithmeticSettings.parse(settings);
  const d = (n: number): number => String(n).length;
  const prompt = 1 + s.operands * d(s.maxNumber) + (s.operands - 1) + 1;
  return {
    name: 'arithmetic',
    description: `multi-step arithmetic: ${s.operands} operands in 1..${s.maxNumber}, values 0..${s.maxValue}`,
    maxSequenceLength: prompt + (s.operands - 1) * (3 * d(s.maxValue) + 3) + 1,
    problems: (split, count, seed) => arithmeticProblems(s, split, count, seed),
    verify: verifyArithmetic,
    corpusExample: (rng) => arithmeticCorpusExample(s, rng),
    teacherProblem: (rng) => arithmeticTeacherProblem(s, rng),
    teacherTrace: (problem) => printSteps(problem.steps),
    controlTrace: (problem) => String(problem.value),
  };
}
