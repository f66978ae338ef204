import type { Node, RelOp } from '../ast.js';
import { expr } from './arithmetic.js';
import { ParseError, type Cursor } from './cursor.js';

/**
 * The loosest levels of the grammar, above arithmetic:
 *   list  := rel ((',' | ';') rel)*
 *   rel   := setop (relop setop)*          (a chain: 0 < x \le 1)
 *   setop := ratio (('\cup' | '\cap' | '\setminus') ratio)*
 * A final answer is a list of solutions, each of which may be a relation (`x = 1, y = 2`), so the
 * comma binds loosest. A relation may compare sets (`x \in [0, 1) \cup (2, 3]`), so set operations
 * bind tighter than relations, and looser than arithmetic because their operands (interval ends)
 * are sums.
 */

export const REL_CMDS: Record<string, RelOp> = {
  le: 'le',
  leq: 'le',
  leqslant: 'le',
  ge: 'ge',
  geq: 'ge',
  geqslant: 'ge',
  ne: 'ne',
  neq: 'ne',
  lt: '<',
  gt: '>',
  in: 'in',
  approx: '=',
  equiv: '=',
};
export const SETOPS: Record<string, 'cup' | 'cap' | 'setminus'> = { cup: 'cup', cap: 'cap', setminus: 'setminus' };

/**
 * list := group (';' group)*,  group := rel (',' rel)*
 * A `;` separates solution groups (`p=5,q=2; p=7,q=2` is two solutions of two values each); a
 * group of one element is that element, so `1; -2` is the list 1, -2.
 */
export function list(c: Cursor): Node {
  const groups: Node[] = [group(c)];
  while (c.isOp(';')) {
    c.pos++;
    groups.push(group(c));
  }
  return groups.length === 1 ? groups[0] : { t: 'set', xs: groups, braces: false };
}

function group(c: Cursor): Node {
  const xs: Node[] = [rel(c)];
  while (c.isOp(',')) {
    c.pos++;
    xs.push(rel(c));
  }
  return xs.length === 1 ? xs[0] : { t: 'set', xs, braces: false };
}

/** The relation at the cursor, if any; `<=` and `>=` (two tokens) are read as one and leave the cursor on the `=`. */
function relOp(c: Cursor): RelOp | null {
  const t = c.peek();
  if (!t) return null;
  if (t.k === 'op') {
    if (t.s === '=' || t.s === '<' || t.s === '>') {
      if (c.isOp('=', 1) && t.s !== '=') {
        c.pos++;
        return t.s === '<' ? 'le' : 'ge';
      }
      return t.s as RelOp;
    }
    return null;
  }
  if (t.k === 'cmd' && REL_CMDS[t.s]) return REL_CMDS[t.s];
  return null;
}

export function rel(c: Cursor): Node {
  const sides: Node[] = [setop(c)];
  const ops: RelOp[] = [];
  for (let op = relOp(c); op; op = relOp(c)) {
    c.pos++;
    ops.push(op);
    sides.push(setop(c));
  }
  return ops.length === 0 ? sides[0] : { t: 'rel', ops, sides };
}

/**
 * ratio := expr (':' expr)?   — a ratio a:b is the number a/b (11:21 = 22:42); a ratio of
 * three or more terms is not a number and is left to string comparison.
 */
function ratio(c: Cursor): Node {
  const a = expr(c);
  if (!c.isOp(':')) return a;
  c.pos++;
  const b = expr(c);
  if (c.isOp(':')) throw new ParseError('ratio of more than two terms');
  return { t: 'div', a, b };
}

function setop(c: Cursor): Node {
  let left = ratio(c);
  for (;;) {
    const t = c.peek();
    if (!t || t.k !== 'cmd' || !SETOPS[t.s]) return left;
    c.pos++;
    const op = SETOPS[t.s];
    const right = ratio(c);
    left = left.t === 'setop' && left.op === op ? { t: 'setop', op, xs: [...left.xs, right] } : { t: 'setop', op, xs: [left, right] };
  }
}
