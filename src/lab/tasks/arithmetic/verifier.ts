import { parseSteps, stepsAreArithmeticallyCorrect } from '../steps.js';
import type { Verdict } from '../task.js';
import type { ArithmeticProblem } from './problems.js';

const INTEGER = /^-?\d{1,7}$/;

/**
 * The arithmetic verifier (binary reward). A direct answer must be the value. A step trace must be
 * arithmetically right at every step and end with the value (it need not follow the teacher's order).
 */
export function verifyArithmetic(problem: ArithmeticProblem, response: string): Verdict {
  if (response.includes('=')) {
    const steps = parseSteps(response);
    if (steps === null) return { correct: false, reason: 'malformed', format: 'steps' };
    if (!stepsAreArithmeticallyCorrect(steps)) return { correct: false, reason: 'bad-step', format: 'steps' };
    const last = steps[steps.length - 1].result;
    return last === problem.value ? { correct: true, reason: 'ok', format: 'steps' } : { correct: false, reason: 'wrong-value', format: 'steps' };
  }
  if (!INTEGER.test(response)) return { correct: false, reason: 'malformed', format: 'direct' };
  return Number(response) === problem.value ? { correct: true, reason: 'ok', format: 'direct' } : { correct: false, reason: 'wrong-value', format: 'direct' };
}
