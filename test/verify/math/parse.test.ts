import { describe, expect, it } from 'vitest';
import type { Node } from '../../../src/verify/math/ast.js';
import { parseLatex, ParseError, tryParseLatex } from '../../../src/verify/math/latex/parse.js';

/** The tree as a compact S-expression, so each test reads as the grouping it asserts. */
function sexp(n: Node): string {
  const all = (xs: Node[]): string => xs.map(sexp).join(' ');
  switch (n.t) {
    case 'num':
      return n.v.d === 1n ? `${n.v.n}` : `${n.v.n}/${n.v.d}`;
    case 'const':
      return n.name;
    case 'var':
      return n.name;
    case 'text':
      return `"${n.s}"`;
    case 'add':
      return `(+ ${all(n.xs)})`;
    case 'mul':
      return `(* ${all(n.xs)})`;
    case 'div':
      return `(/ ${sexp(n.a)} ${sexp(n.b)})`;
    case 'pow':
      return `(^ ${sexp(n.a)} ${sexp(n.b)})`;
    case 'neg':
      return `(- ${sexp(n.a)})`;
    case 'pm':
      return n.a ? `(± ${sexp(n.a)} ${sexp(n.b)})` : `(± ${sexp(n.b)})`;
    case 'percent':
      return `(% ${sexp(n.a)})`;
    case 'fn':
      return `(${n.name} ${all(n.args)})`;
    case 'tuple':
      return `${n.open}${all(n.xs)}${n.close}`;
    case 'set':
      return n.braces ? `{${all(n.xs)}}` : `(list ${all(n.xs)})`;
    case 'setop':
      return `(${n.op} ${all(n.xs)})`;
    case 'matrix':
      return `(matrix ${n.rows.map((r) => `[${all(r)}]`).join(' ')})`;
    case 'rel':
      return `(rel ${n.sides.map((s, i) => (i === 0 ? sexp(s) : `${n.ops[i - 1]} ${sexp(s)}`)).join(' ')})`;
  }
}
const tree = (s: string): string => sexp(parseLatex(s));

describe('parser precedence (relations.ts, arithmetic.ts)', () => {
  it('binds commas loosest, then relations, then set operations, then sums', () => {
    expect(tree('x = 1, y = 2')).toBe('(list (rel x = 1) (rel y = 2))');
    expect(tree('0 < x <= 1')).toBe('(rel 0 < x le 1)');
    expect(tree('x \\in [0, 1) \\cup (2, 3]')).toBe('(rel x in (cup [0 1) (2 3]))');
    expect(tree('[0, 1+1) \\cup (3, 4) \\cup \\{5\\}')).toBe('(cup [0 (+ 1 1)) (3 4) {5})');
  });
  it('lets a leading sign cover the product and a postfix operator only its operand', () => {
    expect(tree('-2x')).toBe('(- (* 2 x))');
    expect(tree('-x^2')).toBe('(- (^ x 2))');
    expect(tree('2x^2')).toBe('(* 2 (^ x 2))');
    expect(tree('2n!')).toBe('(* 2 (fact n))');
    expect(tree('50\\%')).toBe('(% 50)');
  });
  it('reads products left to right, with / taking only the next power', () => {
    expect(tree('1/2x')).toBe('(* (/ 1 2) x)');
    expect(tree('2\\pi r')).toBe('(* 2 pi r)');
    expect(tree('(x+1)(x-1)')).toBe('(* (+ x 1) (+ x (- 1)))');
    expect(tree('2 \\cdot -3')).toBe('(* 2 (- 3))');
    expect(tree('a/b/c')).toBe('(/ (/ a b) c)');
  });
  it('splits ± into the value before it and the next term', () => {
    expect(tree('1 \\pm \\sqrt{2}')).toBe('(± 1 (sqrt 2))');
    expect(tree('1 + 2 \\pm 3x')).toBe('(± (+ 1 2) (* 3 x))');
    expect(tree('\\pm 4')).toBe('(± 4)');
  });
  it('reads a mixed number only as an integer literal before a \\frac of integer literals', () => {
    expect(tree('1\\frac{4}{5}')).toBe('(+ 1 (/ 4 5))');
    expect(tree('x\\frac{4}{5}')).toBe('(* x (/ 4 5))');
    expect(tree('1\\frac{x}{5}')).toBe('(* 1 (/ x 5))');
  });
});

describe('parser operands (primary.ts, leaves.ts, delimiters.ts)', () => {
  it('takes one character of a multi-character token as a script argument, as TeX does', () => {
    expect(tree('x^23')).toBe('(* (^ x 2) 3)');
    expect(tree('x_12')).toBe('(* x_1 2)');
    expect(tree('x_{12}')).toBe('x_12');
    expect(tree('\\frac12')).toBe('(/ 1 2)');
  });
  it('keeps subscripts, primes and base numerals as names', () => {
    expect(tree("y' + \\rho_{0}")).toBe("(+ y' rho_0)");
    expect(tree('52_8')).toBe('52_8');
    expect(tree('\\hat x')).toBe('hat x');
  });
  it('records the precision a number was written to', () => {
    expect(parseLatex('3.14')).toMatchObject({ t: 'num', places: 2, rounded: true });
    expect(parseLatex('4.5e33')).toMatchObject({ t: 'num', places: -32, rounded: true });
    expect(parseLatex('007')).toEqual({ t: 'num', v: { n: 7n, d: 1n }, places: 0, rounded: false });
  });
  it('makes tuples, intervals and sets from delimiters', () => {
    expect(tree('(1, 2]')).toBe('(1 2]');
    expect(tree('(1+2)')).toBe('(+ 1 2)');
    expect(tree('{1, 2}')).toBe('{1 2}');
    expect(tree('\\{\\}')).toBe('{}');
    expect(tree('\\emptyset')).toBe('{}');
    expect(tree('\\mathbb{R}')).toBe('((- inf) inf)');
  });
  it('closes bars at the next bar inside them', () => {
    expect(tree('|a|b|c|')).toBe('(* (abs a) b (abs c))');
    expect(tree('\\lfloor x/2 \\rfloor + \\lceil y \\rceil')).toBe('(+ (floor (/ x 2)) (ceil y))');
  });
});

describe('parser functions and commands (functions.ts, commands.ts, environments.ts)', () => {
  it('runs an unbracketed argument over the numbers and letters that follow', () => {
    expect(tree('\\sin 2x')).toBe('(sin (* 2 x))');
    expect(tree('\\sin x + 1')).toBe('(+ (sin x) 1)');
    expect(tree('sinx')).toBe('(sin x)');
    expect(tree('exp(16)')).toBe('(exp 16)');
  });
  it('applies a power on the name to the value, except ^{-1} on sin, cos, tan', () => {
    expect(tree('\\sin^2 x')).toBe('(^ (sin x) 2)');
    expect(tree('\\sin^{-1} x')).toBe('(arcsin x)');
    expect(tree('\\log_2 8')).toBe('(logb 2 8)');
    expect(tree('\\lg 100')).toBe('(log10 100)');
  });
  it('reads a function letter applied to one number or letter as a value of its own', () => {
    expect(tree('f(2)')).toBe('f(2)');
    expect(tree('x(2)')).toBe('(* x 2)');
    expect(tree('f(x+1)')).toBe('(* f (+ x 1))');
  });
  it('reads \\frac, \\binom, \\sqrt and ignored commands', () => {
    expect(tree('\\frac{a+b}{2}')).toBe('(/ (+ a b) 2)');
    expect(tree('\\dbinom{6}{2}')).toBe('(binom 6 2)');
    expect(tree('\\sqrt[3]{x}')).toBe('(root x 3)');
    expect(tree('\\displaystyle \\frac{1}{2}')).toBe('(/ 1 2)');
  });
  it('reads matrices row by row and refuses ragged ones', () => {
    expect(tree('\\begin{array}{cc} 1 & 2 \\\\ 3 & 4 \\end{array}')).toBe('(matrix [1 2] [3 4])');
    expect(() => parseLatex('\\begin{pmatrix} 1 & 2 \\\\ 3 \\end{pmatrix}')).toThrow(/ragged/);
    expect(() => parseLatex('\\begin{cases} 1 \\end{cases}')).toThrow(/unsupported environment cases/);
  });
});

describe('parser errors', () => {
  it('throws ParseError naming what it did not cover; tryParseLatex answers null', () => {
    expect(() => parseLatex('\\foo')).toThrow(ParseError);
    expect(() => parseLatex('\\foo')).toThrow('unknown command \\foo');
    expect(() => parseLatex('(1, 2')).toThrow('unclosed bracket');
    expect(() => parseLatex('1 2 )')).toThrow('trailing input');
    expect(tryParseLatex('\\foo')).toBeNull();
    expect(tryParseLatex('\\')).toBeNull(); // a tokenizer error, also caught
    expect(tryParseLatex('x')).toEqual({ t: 'var', name: 'x' });
  });
});
