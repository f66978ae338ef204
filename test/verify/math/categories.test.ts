import { describe, expect, it } from 'vitest';
import { gradeMath } from '../../../src/verify/math/index.js';

/**
 * Issue #19's categories under `strict`, each with its mathematically right label.
 * `R:` rows are whole responses (extraction runs), `P:` rows are extracted answers.
 */
const C: [string, string, boolean, string?][] = [
  ['R:The answer is\nAnswer \\[ 9 \\]', '9', true],
  ['R:So we are done.\nAnswer $9$', '9', true],
  ['R:Answer \\[ 8 \\]', '9', false],
  ['R:Final Answer: The volume of the box is 120.', '120', true],
  ['R:Final Answer: The volume of the box is 120 cubic units.', '120', true],
  ['R:We get $\\boxed{5}$ for the first part.\nThe final answer is 7.', '7', true],
  ['R:We get $\\boxed{5}$ for the first part.\nThe final answer is 7.', '5', false],
  ['R:The solutions are $\\boxed{2}$ and $\\boxed{3}$.', '\\{2,3\\}', true],
  ['R:The answer is $\\$940$.', '940', true],
  ['R:The answer is $940$$.', '940', true],
  ['P:\\$940', '940', true],
  ['P:940$', '940', true],
  ['P:\\frac{20,000}{\\pi}', '\\frac{20000}{\\pi}', true],
  ['P:14 {, }916', '14916', true],
  ['P:0,111', '111', false],
  ['P:0,111', '0.111', true],
  ['P:AB=4, CD=5', '4, 5', true],
  ['P:4, 5', 'AB=4, CD=5', true],
  ['P:|AB|=1', '1', true],
  ['P:\\frac{NO}{BO}=\\frac{1}{3}', '\\frac13', true],
  ['P:V_1:V_2=11:21', '11:21', true],
  ['P:11:21', 'V_1:V_2=11:21', true],
  ['P:S_{ABC}:S=7:32', '7:32', true],
  ['P:p=5,q=2;p=7,q=2', '(5,2),(7,2)', true],
  ['P:p=5,q=2;p=7,q=3', '(5,2),(7,2)', false],
  ['P:(11,7)or(7,11)', '(11,7),(7,11)', true],
  ['P:x != 2', 'x \\ne 2', true],
  ['P:\\mathbb{R} \\setminus [2,3]', '(-\\infty,2)\\cup(3,\\infty)', true],
  ['P:\\mathbb{R} \\setminus \\{2\\}', '(-\\infty,2)\\cup(2,\\infty)', true],
  ['P:{n \\choose 2}', '\\binom{n}{2}', true],
  ['P:{n \\choose 2}', '\\frac{n(n-1)}{2}', true],
  ['P:(\\pm 3, \\pm 2)', '(3,2),(3,-2),(-3,2),(-3,-2)', true],
  ['P:(\\pm 3, \\pm 2)', '(3,2),(-3,-2)', false],
  ['P:2\\begin{pmatrix}1\\\\2\\end{pmatrix}', '\\begin{pmatrix}2\\\\4\\end{pmatrix}', true],
  ['P:\\begin{pmatrix}1\\\\2\\end{pmatrix}+\\begin{pmatrix}1\\\\2\\end{pmatrix}', '\\begin{pmatrix}2\\\\4\\end{pmatrix}', true],
  ['P:\\begin{pmatrix}1&0\\\\0&2\\end{pmatrix}\\begin{pmatrix}1\\\\2\\end{pmatrix}', '\\begin{pmatrix}1\\\\4\\end{pmatrix}', true],
  ['P:\\sum_{k=1}^{n} k^2', '\\sum_{k=1}^{n} k^2', true],
  ['P:\\sum_{k=1}^{n} 2k', '\\sum_{k=1}^{n} k \\cdot 2', true],
  ['P:\\sum_{k=1}^{n} 2k', '\\sum_{k=1}^{n} 3k', false],
  ['P:1 \\le |z| \\le 3/2', '[-\\frac32,-1]\\cup[1,\\frac32]', true],
  ['P:x = \\frac13 \\approx 1.3', '\\frac13', true],
  ['P:x = \\frac13 \\approx 0.33', '0.33', true],
  ['P:x = 5 + 6 = 11', 'x = 11', true],
  ['P:x = 5 + 6 = 11', '11', true],
  ['P:x = 5 + 6 = 12', 'x = 11', false],
  ['P:2, 3, 3', '2, 3', true],
  ['P:\\{2, 3, 3\\}', '\\{2, 3\\}', true],
  ['P:3, 2', '2, 3', true],
  ['P:x + C', 'x + k', true],
  ['P:\\sum_{k=1}^{3} k^2', '14', true],
  ['P:\\sum_{i=1}^{n} i', '\\sum_{k=1}^{n} k', true],
  ['P:\\sum_{k=1}^{n} k^2', '\\sum_{k=1}^{n} k^3', false],
  ['P:\\prod_{k=1}^{4} k', '24', true],
  ['P:\\{(\\pm 1, 2)\\}', '\\{(1,2),(-1,2)\\}', true],
  ['P:2\\begin{pmatrix}1\\\\2\\end{pmatrix}', '\\begin{pmatrix}2\\\\5\\end{pmatrix}', false],
  ['P:\\begin{pmatrix}1&2\\end{pmatrix}\\begin{pmatrix}1&2\\end{pmatrix}', '\\begin{pmatrix}5\\end{pmatrix}', false],
  ['P:|x| < 2', '(-2,2)', true],
  ['P:|x| > 2', '(-\\infty,-2)\\cup(2,\\infty)', true],
  ['P:1 \\le |z| \\le 3/2', '[-\\frac32,-1]\\cup(1,\\frac32]', false],
  ['P:\\mathbb{R} \\setminus [2,3]', '(-\\infty,2]\\cup(3,\\infty)', false],
  ['P:(0,2) \\cap [1,3]', '[1,2)', true],
  ['P:x = 1, y = 2; x = 2, y = 1', '(1,2),(2,1)', true],
  ['P:5!=120', '5! = 120', true],
];

describe('issue #19 categories (strict, mathematically right label)', () => {
  for (const [input, gold, want] of C) {
    it(`${JSON.stringify(input)} vs ${JSON.stringify(gold)} → ${want}`, () => {
      const r = input.startsWith('R:') ? { response: input.slice(2) } : { pred: input.slice(2) };
      const v = gradeMath({ ...r, gold });
      expect(v.correct, `${v.reason} (extracted ${JSON.stringify(v.extracted)})`).toBe(want);
    });
  }
});
