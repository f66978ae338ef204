import { evaluate, literals, parseExpr, sameMultiset } from '../expression.js';
import { parseSteps } from '../steps.js';
import type { Verdict } from '../task.js';
import type { CountdownProblem } from './problems.js';

/**
 * The countdown verifier (binary reward). A response containing `=` is a step trace: every step
 * must be right and take its operands from the current pool (given numbers plus earlier results,
 * each used once), and the pool must end as exactly {target}. Otherwise it is an expression that
 * must use the given numbers exactly once and equal the target.
 */
export function verifyCountdown(problem: CountdownProblem, response: string): Verdict {
  if (response.includes('=')) {
    const steps = parseSteps(response);
    if (steps === null) return { correct: false, reason: 'malformed', format: 'steps' };
    const pool = [...problem.numbers];
    for (const s of steps) {
      for (const operand of [s.a, s.b]) {
        const k = pool.indexOf(operand);
        if (k < 0) return { correct: false, reason: 'wrong-numbers', format: 'steps' };
        pool.splice(k, 1);
      }
      const expected = s.op === '+' ? s.a + s.b : s.op === '-' ? s.a - s.b : s.a * s.b;
      if (expected !== s.result) return { correct: false, reason: 'bad-step', format: 'steps' };
      pool.push(s.result);
    }
    if (pool.length !== 1) return { correct: false, reason: 'wrong-numbers', format: 'steps' };
    return pool[0] === problem.target ? { correct: true, reason: 'ok', format: 'steps' } : { correct: false, reason: 'wrong-value', format: 'steps' };
  }
  const expr = parseExpr(response);
  if (expr === null) return { correct: false, reason: 'malformed', format: 'direct' };
  if (!sameMultiset(literals(expr), problem.numbers)) return { correct: false, reason: 'wrong-numbers', format: 'direct' };
  return evaluate(expr) === problem.target ? { correct: true, reason: 'ok', format: 'direct' } : { correct: false, reason: 'wrong-value', format: 'direct' };
}
