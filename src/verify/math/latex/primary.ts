import type { Node } from '../ast.js';
import { command } from './commands.js';
import { ParseError, type Cursor } from './cursor.js';
import { absoluteBars, bracedGroup, bracketGroup } from './delimiters.js';
import { funcArg, functionValue, TRIG, trig } from './functions.js';
import { decorated, letterNode, numNode, subscriptText } from './leaves.js';
import { list } from './relations.js';
import type { Token } from './tokenize.js';

/**
 * The tightest level: one operand of the arithmetic in arithmetic.ts.
 *   primary := number ('_' sub)? | letter | word | '(' list ')' | '[' list ']' | '{' list '}'
 *            | '|' expr '|' | command
 * and the one-token arguments of `^`, `_` and macros, read the way TeX reads them.
 * Everything that opens a nested grammar (brackets, functions, commands) lives in its own file.
 */

export function primary(c: Cursor): Node {
  const t = c.peek();
  if (!t) throw new ParseError('unexpected end');
  c.enter();
  try {
    return primaryInner(c, t);
  } finally {
    c.leave();
  }
}

function primaryInner(c: Cursor, t: Token): Node {
  c.pos++;
  switch (t.k) {
    case 'num': {
      // 52_8: a numeral in base 8, an opaque value (never 528).
      if (c.isOp('_')) {
        c.pos++;
        return { t: 'var', name: `${t.s}_${subscriptText(c)}` };
      }
      return numNode(t.s);
    }
    case 'letter': {
      const value = functionValue(c, t.s);
      if (value) return value;
      if (c.isOp('_') || c.isOp("'")) return decorated(c, t.s);
      return letterNode(t.s);
    }
    case 'word':
      if (TRIG.has(t.s)) return trig(c, t.s);
      if (t.s === 'sqrt') return { t: 'fn', name: 'sqrt', args: [funcArg(c)] };
      return { t: 'text', s: t.s };
    case 'op':
      switch (t.s) {
        case '(':
        case '[':
          return bracketGroup(c, t.s);
        case '{':
          return bracedGroup(c);
        case '|':
          return absoluteBars(c);
        default:
          throw new ParseError(`unexpected '${t.s}'`);
      }
    case 'cmd':
      return command(c, t.s);
  }
}

/** A script or macro argument: `{…}` or one token (one digit of a number: x^23 is x^2·3). */
export function scriptArg(c: Cursor): Node {
  const t = c.peek();
  if (!t) throw new ParseError('missing argument');
  if (t.k === 'op' && t.s === '{') {
    c.pos++;
    const inner = list(c);
    c.expectOp('}');
    return inner;
  }
  if (t.k === 'num' && t.s.length > 1) return numNode(c.takeFirstChar());
  if (t.k === 'op' && t.s === '-') {
    c.pos++;
    return { t: 'neg', a: scriptArg(c) };
  }
  // x^ab would be odd; take the first letter only.
  if (t.k === 'word') return letterNode(c.takeFirstChar());
  return primary(c);
}
