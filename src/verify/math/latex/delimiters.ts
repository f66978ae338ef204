import type { Node } from '../ast.js';
import { expr } from './arithmetic.js';
import { ParseError, type Cursor } from './cursor.js';
import { list } from './relations.js';

/**
 * What a pair of delimiters makes of the list or expression between them:
 *   '(' list (')' | ']')  and  '[' list (')' | ']')   a tuple or interval when the list has
 *                          commas ((1, 2], [0, \infty)), else just grouping
 *   '{' list '}'          TeX grouping, or a set when the list has commas (`{1, 2}`)
 *   '\{' list '\}'        a set (`\{\}` is the empty set)
 *   '|' expr '|', '\lfloor' expr '\rfloor', '\lceil' expr '\rceil'
 * Either bracket may close either, because half-open intervals mix them. Bars hold an expression,
 * not a list, and a `|` inside bars closes them: `|a|b|c|` is |a|·b·|c|. Normalization has
 * already turned `\lvert`, `\rvert` and `\vert` into `|`; the command forms that reach the parser
 * (`\|`) are closed only by a plain `|`.
 */

export function bracketGroup(c: Cursor, open: '(' | '['): Node {
  const inner = list(c);
  const t = c.peek();
  if (!t || t.k !== 'op' || (t.s !== ')' && t.s !== ']')) throw new ParseError('unclosed bracket');
  c.pos++;
  const close = t.s as ')' | ']';
  if (inner.t === 'set' && !inner.braces) return { t: 'tuple', open, close, xs: inner.xs };
  return inner;
}

export function bracedGroup(c: Cursor): Node {
  const inner = list(c);
  c.expectOp('}');
  return inner.t === 'set' ? { ...inner, braces: true } : inner;
}

export function absoluteBars(c: Cursor): Node {
  c.absDepth++;
  const inner = expr(c);
  c.absDepth--;
  c.expectOp('|');
  return { t: 'fn', name: 'abs', args: [inner] };
}

/** `\lvert`, `\vert` or `\|` (already consumed) up to any closing bar. */
export function commandBars(c: Cursor): Node {
  const inner = expr(c);
  if (!(c.isCmd('rvert') || c.isCmd('vert') || c.isCmd('|') || c.isOp('|'))) throw new ParseError('unclosed |');
  c.pos++;
  return { t: 'fn', name: 'abs', args: [inner] };
}

/** `\lfloor` or `\lceil` (already consumed) up to its partner. */
export function floorCeil(c: Cursor, open: 'lfloor' | 'lceil'): Node {
  const inner = expr(c);
  if (!c.isCmd(open === 'lfloor' ? 'rfloor' : 'rceil')) throw new ParseError('unclosed floor/ceil');
  c.pos++;
  return { t: 'fn', name: open === 'lfloor' ? 'floor' : 'ceil', args: [inner] };
}

/** `\{` or `\lbrace` (already consumed) up to `\}` or `\rbrace`. */
export function setBraces(c: Cursor): Node {
  if (c.isCmd('}') || c.isCmd('rbrace')) {
    c.pos++;
    return { t: 'set', xs: [], braces: true };
  }
  const inner = list(c);
  if (!(c.isCmd('}') || c.isCmd('rbrace'))) throw new ParseError('unclosed set');
  c.pos++;
  return { t: 'set', xs: inner.t === 'set' && !inner.braces ? inner.xs : [inner], braces: true };
}
