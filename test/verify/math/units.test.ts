import { describe, expect, it } from 'vitest';
import { exact } from '../../../src/verify/math/exact.js';
import { extractAnswer, lastBoxed } from '../../../src/verify/math/extract.js';
import { parseLatex } from '../../../src/verify/math/latex/parse.js';
import { normalizeAnswer } from '../../../src/verify/math/normalize.js';
import { extractPaper } from '../../../src/verify/math/paper/extract.js';
import { paperStrip } from '../../../src/verify/math/paper/strip.js';
import { toString } from '../../../src/verify/math/rational.js';

const value = (latex: string): string | null => {
  const v = exact(parseLatex(normalizeAnswer(latex).s));
  return v ? `${toString(v.re)}${v.im.n === 0n ? '' : ` + ${toString(v.im)}i`}` : null;
};

describe('exact evaluation', () => {
  it('computes Gaussian rationals exactly', () => {
    expect(value('\\frac{1}{2^{99}}')).toBe(`1/${2n ** 99n}`);
    expect(value('1\\frac{4}{5}')).toBe('9/5');
    expect(value('\\frac12 + 0.25')).toBe('3/4');
    expect(value('x^23'.replace('x', '2'))).toBe('12'); // 2^2·3, as LaTeX typesets it
    expect(value('\\sqrt{\\frac{9}{4}}')).toBe('3/2');
    expect(value('\\sqrt[3]{-27}')).toBe('-3');
    expect(value('\\binom{10}{3}')).toBe('120');
    expect(value('\\frac{1+i}{1-i}')).toBe('0 + 1i');
    expect(value('0.1\\overline{6}')).toBe('1/6');
    expect(value('\\sqrt{2}')).toBeNull(); // irrational: left to the numeric layer
  });
});

describe('normalization', () => {
  it('applies the documented rewrites', () => {
    expect(normalizeAnswer('\\$1{,}000').s).toBe('1000');
    expect(normalizeAnswer('11,\\! 111,\\! 111,\\! 100').s).toBe('11111111100');
    expect(normalizeAnswer('(1,000)').s).toBe('(1,000)');
    expect(normalizeAnswer('\\dfrac{3}{4}\\text{ inches}^2').s).toBe('\\frac{3}{4}');
    expect(normalizeAnswer('30^\\circ').s).toBe('30');
    expect(normalizeAnswer('\\text{twelve}').s).toBe('12');
    expect(normalizeAnswer('x = 2 \\text{ or } x = 3').s).toBe('x = 2 , x = 3');
  });
});

describe('parser', () => {
  it('builds structures', () => {
    expect(parseLatex('[2, 5)')).toMatchObject({ t: 'tuple', open: '[', close: ')' });
    expect(parseLatex('\\{1, 2\\}')).toMatchObject({ t: 'set', braces: true });
    expect(parseLatex('(0,1) \\cup (2,3)')).toMatchObject({ t: 'setop', op: 'cup' });
    expect(parseLatex('\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}')).toMatchObject({ t: 'matrix' });
    expect(parseLatex('1 < x \\le 2')).toMatchObject({ t: 'rel', ops: ['<', 'le'] });
    expect(parseLatex('52_8')).toEqual({ t: 'var', name: '52_8' });
  });
  it('refuses what it does not cover instead of guessing', () => {
    expect(() => parseLatex('\\frac{')).toThrow();
    expect(() => parseLatex(`${'('.repeat(300)}1${')'.repeat(300)}`)).toThrow(/deep/);
  });
});

describe('extraction', () => {
  it('finds the final answer', () => {
    expect(lastBoxed('a \\boxed{1} b \\boxed{\\frac{1}{2}} c')).toBe('\\frac{1}{2}');
    expect(lastBoxed('\\boxed 7$')).toBe('7');
    expect(extractAnswer('Final Answer: The final answer is $\\frac{3}{4}$. I hope it is correct.')).toBe('\\frac{3}{4}');
    expect(extractAnswer('blah\nAnswer: $12$')).toBe('12');
    expect(extractAnswer('<answer>\\boxed{9}</answer>')).toBe('9');
    expect(extractAnswer('no marker, just 42')).toBeNull();
  });
  it('reproduces the paper grader extraction quirks', () => {
    expect(extractPaper('no marker, just 4,200 and 42')).toBe('42');
    expect(extractPaper('Answer: \\frac{1}{2}')).toBe('2');
    expect(paperStrip('\\text{Evelyn and Navin}', false)).toBe('EvelynNavin');
    expect(paperStrip('x = 5 \\text{ cm}', false)).toBe('5');
  });
});
