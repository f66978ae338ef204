import { applyOp, OPS, type Op } from '../expression.js';
import { drawDistinct, isHeldOut } from '../partition.js';
import { TaskRandom } from '../random.js';
import type { Step } from '../steps.js';
import type { TaskProblem } from '../task.js';
import type { ArithmeticSettings } from './settings.js';

export interface ArithmeticProblem extends TaskProblem {
  /** The expression as shown, e.g. `3+4*2-5` (no parentheses; `*` binds tighter). */
  expression: string;
  value: number;
  /** The evaluation steps in the order a person would write them: products first, then left to right. */
  steps: Step[];
}

/**
 * Evaluates `numbers[0] ops[0] numbers[1] …` step by step: every `*` left to right, then `+`/`-`
 * left to right. Returns null if any intermediate leaves 0..maxValue.
 */
export function evaluationSteps(numbers: readonly number[], ops: readonly Op[], maxValue: number): Step[] | null {
  const vals = [...numbers];
  const rest = [...ops];
  const steps: Step[] = [];
  const combine = (i: number): boolean => {
    const result = applyOp(rest[i], vals[i], vals[i + 1]);
    if (result < 0 || result > maxValue) return false;
    steps.push({ a: vals[i], op: rest[i], b: vals[i + 1], result });
    vals.splice(i, 2, result);
    rest.splice(i, 1);
    return true;
  };
  for (let i = rest.indexOf('*'); i >= 0; i = rest.indexOf('*')) if (!combine(i)) return null;
  while (rest.length > 0) if (!combine(0)) return null;
  return steps;
}

/** A random expression with `operands` operands whose every intermediate value is in range, or null. */
export function drawExpression(s: ArithmeticSettings, operands: number, rng: TaskRandom): ArithmeticProblem | null {
  const numbers = Array.from({ length: operands }, () => rng.int(1, s.maxNumber));
  const ops = Array.from({ length: operands - 1 }, () => rng.pick(OPS));
  const steps = evaluationSteps(numbers, ops, s.maxValue);
  if (steps === null) return null;
  const expression = numbers.map((n, i) => (i === 0 ? `${n}` : `${ops[i - 1]}${n}`)).join('');
  const value = steps.length > 0 ? steps[steps.length - 1].result : numbers[0];
  return { key: expression, prompt: `#${expression}:`, expression, value, steps };
}

export function arithmeticProblems(s: ArithmeticSettings, split: 'train' | 'test', count: number, seed: number): ArithmeticProblem[] {
  const rng = new TaskRandom(split === 'test' ? seed : seed + 7919);
  return drawDistinct(split, count, () => drawExpression(s, s.operands, rng));
}

export function arithmeticTeacherProblem(s: ArithmeticSettings, rng: TaskRandom): ArithmeticProblem {
  for (;;) {
    const p = drawExpression(s, s.operands, rng);
    if (p !== null && !isHeldOut(p.key)) return p;
  }
}
