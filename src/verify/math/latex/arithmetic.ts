import type { Node } from '../ast.js';
import { isInt } from '../rational.js';
import type { Cursor } from './cursor.js';
import { primary, scriptArg } from './primary.js';
import { REL_CMDS, SETOPS } from './relations.js';

/**
 * Arithmetic, loosest to tightest:
 *   expr    := unary (('+' | '-') unary | ('\pm' | '\mp') term)*
 *   unary   := ('-' | '+' | '\pm' | '\mp')? term
 *   term    := power (('*' | '\cdot' | '\times' | '\ast' | '/' | '\div') signed-power | power)*
 *   power   := primary ('^' script | '!' | '%' | "'")*
 * As in written mathematics, a leading sign covers the whole product (`-2x` is −(2x)) and a
 * postfix operator only its primary (`2x^2` is 2·x², `2n!` is 2·(n!)). Juxtaposition is a product
 * as tight as `\cdot` (`2\pi r`, `(x+1)(x-1)`), and `/` takes only the next power, so `1/2x` is
 * (1/2)·x, read left to right. After `*` or `/` a sign belongs to the next factor (`2 \cdot -3`).
 * `\pm` takes what came before as one side and the next term as the other (`1 \pm \sqrt{2}`).
 * An integer literal directly followed by `\frac` of two integer literals is a mixed number.
 */

export function expr(c: Cursor): Node {
  c.enter();
  const xs: Node[] = [];
  xs.push(unary(c));
  for (;;) {
    if (c.isOp('+')) {
      c.pos++;
      xs.push(unary(c));
    } else if (c.isOp('-')) {
      c.pos++;
      xs.push({ t: 'neg', a: unary(c) });
    } else if (c.isCmd('pm') || c.isCmd('mp')) {
      c.pos++;
      const a: Node = xs.length === 1 ? xs[0] : { t: 'add', xs: xs.splice(0) };
      xs.length = 0;
      xs.push({ t: 'pm', a, b: term(c) });
    } else break;
  }
  c.leave();
  return xs.length === 1 ? xs[0] : { t: 'add', xs };
}

function unary(c: Cursor): Node {
  if (c.isOp('-')) {
    c.pos++;
    return { t: 'neg', a: term(c) };
  }
  if (c.isOp('+')) {
    c.pos++;
    return term(c);
  }
  if (c.isCmd('pm') || c.isCmd('mp')) {
    c.pos++;
    return { t: 'pm', a: null, b: term(c) };
  }
  return term(c);
}

/** Can the next token begin an implicit factor? Operators, relations and closing delimiters cannot. */
function startsPrimary(c: Cursor): boolean {
  const t = c.peek();
  if (!t) return false;
  if (t.k === 'num' || t.k === 'letter' || t.k === 'word') return true;
  if (t.k === 'op') return t.s === '(' || t.s === '[' || t.s === '{' || (t.s === '|' && c.absDepth === 0);
  if (REL_CMDS[t.s] || SETOPS[t.s]) return false;
  return !['cdot', 'times', 'div', 'pm', 'mp', 'end', 'rbrace', '}', 'rfloor', 'rceil', 'right', 'to', 'mid', 'colon', '%', ','].includes(t.s);
}

export function term(c: Cursor): Node {
  c.enter();
  const factors: Node[] = [power(c)];
  for (;;) {
    if (c.isOp('*') || c.isCmd('cdot') || c.isCmd('times') || c.isCmd('ast')) {
      c.pos++;
      factors.push(signedPower(c));
    } else if (c.isOp('/') || c.isCmd('div')) {
      c.pos++;
      const b = signedPower(c);
      const a: Node = factors.length === 1 ? factors[0] : { t: 'mul', xs: factors.splice(0) };
      factors.length = 0;
      factors.push({ t: 'div', a, b });
    } else if (startsPrimary(c)) {
      const mixed = factors.length === 1 && factors[0].t === 'num' && isInt(factors[0].v) && factors[0].places === 0 && c.isCmd('frac');
      const next = power(c);
      if (mixed && next.t === 'div' && next.a.t === 'num' && next.b.t === 'num' && isInt(next.a.v) && isInt(next.b.v)) {
        // 1\frac{4}{5} is the mixed number 9/5, the convention of every MATH answer that writes it.
        factors[0] = { t: 'add', xs: [factors[0], next] };
      } else factors.push(next);
    } else break;
  }
  c.leave();
  return factors.length === 1 ? factors[0] : { t: 'mul', xs: factors };
}

/** The operand after `*` or `/`: signs bind to it alone. */
function signedPower(c: Cursor): Node {
  if (c.isOp('-')) {
    c.pos++;
    return { t: 'neg', a: signedPower(c) };
  }
  if (c.isOp('+')) c.pos++;
  return power(c);
}

export function power(c: Cursor): Node {
  c.enter();
  let base = primary(c);
  for (;;) {
    if (c.isOp('^')) {
      c.pos++;
      const exp = scriptArg(c);
      base = { t: 'pow', a: base, b: exp };
    } else if (c.isOp('!')) {
      c.pos++;
      base = { t: 'fn', name: 'fact', args: [base] };
    } else if (c.isCmd('%') || c.isOp('%')) {
      c.pos++;
      base = { t: 'percent', a: base };
    } else if (c.isOp("'")) {
      c.pos++;
    } else break;
  }
  c.leave();
  return base;
}
