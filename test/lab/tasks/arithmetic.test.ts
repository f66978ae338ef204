import { describe, expect, it } from 'vitest';
import { createArithmeticTask, evaluationSteps, isHeldOut, TaskRandom, verifyArithmetic, type ArithmeticProblem } from '../../../src/lab/tasks/index.js';

const task = createArithmeticTask();

function problem(expression: string, value: number): ArithmeticProblem {
  return { key: expression, prompt: `#${expression}:`, expression, value, steps: [] };
}

describe('arithmetic evaluation order', () => {
  it('products first, then left to right; out-of-range intermediates reject the expression', () => {
    expect(evaluationSteps([3, 4, 2, 5], ['+', '*', '-'], 999)).toEqual([
      { a: 4, op: '*', b: 2, result: 8 },
      { a: 3, op: '+', b: 8, result: 11 },
      { a: 11, op: '-', b: 5, result: 6 },
    ]);
    expect(evaluationSteps([3, 8, 9], ['-', '+'], 999)).toBeNull();
    expect(evaluationSteps([9, 9, 9, 9], ['*', '*', '*'], 999)).toBeNull();
  });
});

describe('arithmetic verifier', () => {
  const p = problem('3+4*2-5', 6);
  it.each([
    ['6', true, 'ok'],
    ['7', false, 'wrong-value'],
    ['06', true, 'ok'],
    ['4*2=8,3+8=11,11-5=6', true, 'ok'],
    ['3+4=7,7*2=14,14-5=9', false, 'wrong-value'],
    ['4*2=8,3+8=12,12-6=6', false, 'bad-step'],
    ['6.', false, 'malformed'],
    ['', false, 'malformed'],
    ['3+4*2-5', false, 'malformed'],
  ])('%s → %s (%s)', (response, correct, reason) => {
    const v = verifyArithmetic(p, response);
    expect(v.correct).toBe(correct);
    expect(v.reason).toBe(reason);
  });
});

describe('arithmetic task', () => {
  it('has seeded disjoint splits with the requested number of operands', () => {
    const test = task.problems('test', 200, 3);
    const train = task.problems('train', 1000, 3);
    const keys = new Set(test.map((p) => p.key));
    expect(train.some((p) => keys.has(p.key))).toBe(false);
    expect(test.every((p) => isHeldOut(p.key) && p.expression.split(/[+\-*]/).length === 4)).toBe(true);
    expect(task.problems('test', 200, 3)).toEqual(test);
  });

  it('base corpus answers directly (or states one fact); teacher writes every intermediate result', () => {
    const rng = new TaskRandom(9);
    for (let i = 0; i < 2000; i++) {
      const ex = task.corpusExample(rng);
      if (ex.prompt === '#') expect(ex.response).toMatch(/^\d+[+\-*]\d+=\d+$/);
      else expect(ex.response).toMatch(/^\d+$/);
    }
    for (let i = 0; i < 200; i++) {
      const p = task.teacherProblem(rng) as ArithmeticProblem;
      expect(isHeldOut(p.key)).toBe(false);
      const trace = task.teacherTrace(p, rng);
      expect(trace.split(',')).toHaveLength(3);
      expect(verifyArithmetic(p, trace).correct).toBe(true);
      expect(verifyArithmetic(p, task.controlTrace(p, rng))).toEqual({ correct: true, reason: 'ok', format: 'direct' });
      expect(p.prompt.length + trace.length + 1).toBeLessThanOrEqual(task.maxSequenceLength);
    }
  });
});
