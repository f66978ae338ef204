import { describe, expect, it } from 'vitest';
import { gradeMath } from '../../../src/verify/math/index.js';
import { answerOrder } from '../../../src/verify/math/question.js';

describe('answer order from the question', () => {
  const cases: [string, 'ordered' | 'unordered' | null][] = [
    ['Determine the values of $b$ and $c$.', 'ordered'],
    ['Compute $d(6)$, $d(16)$, and $d(72)$.', 'ordered'],
    ['Find $a$ and $b$ such that the polynomial is divisible by $x^2+1$.', 'ordered'],
    ['Enter the ordered pair $(p,q)$.', 'ordered'],
    ['The roots are $r$ and $s$, respectively the smaller and the larger one.', 'ordered'],
    ['Find all solutions to $x^2 = 4$. Enter all the solutions, separated by commas.', 'unordered'],
    ['Find all real numbers $x$ such that $x^3 = x$.', 'unordered'],
    ['Solve $x^2 - 5x + 6 = 0$.', 'unordered'],
    ['What is $2 + 3$?', null],
    ['', null],
  ];
  for (const [q, want] of cases) it(`${JSON.stringify(q)} → ${want}`, () => expect(answerOrder(q)).toBe(want));
});

describe('strict compares a list in order when the question asks for an ordered answer', () => {
  const grade = (pred: string, gold: string, question?: string): boolean => gradeMath({ pred, gold, question }).correct;
  it('values of b and c', () => {
    expect(grade('-4, 3', '-4, 3', 'Determine the values of $b$ and $c$.')).toBe(true);
    expect(grade('3, -4', '-4, 3', 'Determine the values of $b$ and $c$.')).toBe(false);
  });
  it('find all solutions', () => {
    expect(grade('3, -4', '-4, 3', 'Find all solutions of $x^2 + x - 12 = 0$.')).toBe(true);
  });
  it('without a question the default stays: a bare list is a set', () => {
    expect(grade('3, -4', '-4, 3')).toBe(true);
  });
  it('paper ignores the question, as the Qwen grader has none', () => {
    expect(gradeMath({ pred: '3,-4', gold: '-4,3', question: 'Find all solutions.', policy: 'paper' }).correct).toBe(false);
  });
});
