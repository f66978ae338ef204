import type { Node } from '../ast.js';
import { power } from './arithmetic.js';
import type { Cursor } from './cursor.js';
import { bracketGroup } from './delimiters.js';
import { GREEK } from './leaves.js';
import { scriptArg } from './primary.js';

/**
 * Function applications:
 *   trig    := name ('^' script | '_' script)* arg     (\sin^2 x, \sin^{-1} x, \log_2 8, exp(16))
 *   arg     := '(' list ')' | '{' list '}' | power (number | letter | Greek | \pi)*
 *   fvalue  := function-letter '(' (number | letter) ')'    (f(2), I(0), y(t))
 * An argument without brackets runs over the numbers and letters that follow (`\sin 2x` is
 * sin(2x), as it is typeset) but stops at an operator, so `\sin x + 1` is (sin x) + 1.
 * A power written on the name applies to the value (`\sin^2 x` is (sin x)²) except `^{-1}` on
 * sin, cos and tan, which is the inverse function.
 */

export const TRIG = new Set(['sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'sinh', 'cosh', 'tanh', 'arcsin', 'arccos', 'arctan', 'exp', 'ln', 'log', 'lg']);
/** Letters that name functions in answers (f(x), P(2), I(0)); other letters before "(" multiply. */
const FUNCTION_LETTERS = /^[fghpquvwyFGHIPQRSUVWY]$/;

/**
 * I(0), f(2), y(t): a function letter applied to one number or letter is a value of its own (an
 * opaque symbol), not the product I·0. Null (nothing consumed) for anything else.
 */
export function functionValue(c: Cursor, letter: string): Node | null {
  const arg = c.peek(1);
  if (FUNCTION_LETTERS.test(letter) && c.isOp('(') && arg && (arg.k === 'num' || arg.k === 'letter') && c.isOp(')', 2)) {
    c.pos += 3;
    return { t: 'var', name: `${letter}(${arg.s})` };
  }
  return null;
}

export function funcArg(c: Cursor): Node {
  if (c.isOp('(')) {
    c.pos++;
    return bracketGroup(c, '(');
  }
  if (c.isOp('{')) return scriptArg(c);
  // \sin 2x reads as sin(2x): take the run of numbers and letters that follows.
  const xs: Node[] = [power(c)];
  for (let t = c.peek(); t && (t.k === 'num' || t.k === 'letter' || (t.k === 'cmd' && (GREEK.has(t.s) || t.s === 'pi'))); t = c.peek()) xs.push(power(c));
  return xs.length === 1 ? xs[0] : { t: 'mul', xs };
}

export function trig(c: Cursor, name: string): Node {
  let fname = name === 'lg' ? 'log10' : name;
  let exponent: Node | null = null;
  let base: Node | null = null;
  for (;;) {
    if (c.isOp('^')) {
      c.pos++;
      exponent = scriptArg(c);
    } else if (c.isOp('_')) {
      c.pos++;
      base = scriptArg(c);
    } else break;
  }
  if (exponent && exponent.t === 'neg' && exponent.a.t === 'num' && exponent.a.v.n === 1n && exponent.a.v.d === 1n && ['sin', 'cos', 'tan'].includes(fname)) {
    fname = `arc${fname}`;
    exponent = null;
  }
  const arg = funcArg(c);
  const call: Node = base ? { t: 'fn', name: 'logb', args: [base, arg] } : { t: 'fn', name: fname, args: [arg] };
  return exponent ? { t: 'pow', a: call, b: exponent } : call;
}
