import type { Node } from '../ast.js';
import { expr, term } from './arithmetic.js';
import { ParseError, type Cursor } from './cursor.js';
import { commandBars, floorCeil, setBraces } from './delimiters.js';
import { environment } from './environments.js';
import { trig, TRIG } from './functions.js';
import { decorated, GREEK } from './leaves.js';
import { primary, scriptArg } from './primary.js';

/**
 * Backslash commands, after the `\name` token:
 *   \frac A B, \binom A B             two arguments, each `{…}` or one token (`\frac12`, `\frac 59`)
 *   \sqrt A, \sqrt[n] A               square and n-th roots
 *   \sum_{k=a}^{b} T, \prod …          sums and products with bounds (T one product term)
 *   \pi \infty \emptyset \mathbb{R}   constants, the empty set, the real line as (−∞, ∞)
 *   Greek letters, accents (\hat x)   variables, with subscripts and primes
 *   \sin … \log                       read in functions.ts; \{ \lfloor \| in delimiters.ts;
 *                                     \begin in environments.ts
 *   \displaystyle \circ …             ignored: style and degree marks carry no value
 *                                     (normalization has already removed \left and \right)
 * An argument is a primary, not an expression, because TeX passes one token or one group.
 * A command outside this list is a ParseError (the answer is then compared as a string).
 */

const ACCENTS = new Set(['dot', 'ddot', 'hat', 'bar', 'vec', 'tilde', 'overline', 'widehat', 'widetilde', 'mathring', 'check', 'breve']);
const IGNORED_CMDS = new Set(['left', 'right', 'displaystyle', 'circ', 'degree', 'prime', 'quad', 'qquad', 'big', 'Big', 'bigg', 'Bigg', 'limits', 'nolimits']);

export function command(c: Cursor, s: string): Node {
  if (s === 'frac' || s === 'dfrac' || s === 'tfrac' || s === 'cfrac') {
    const a = scriptArg(c);
    const b = scriptArg(c);
    return { t: 'div', a, b };
  }
  if (s === 'binom' || s === 'dbinom' || s === 'tbinom') {
    const a = scriptArg(c);
    const b = scriptArg(c);
    return { t: 'fn', name: 'binom', args: [a, b] };
  }
  if (s === 'sqrt') {
    if (c.isOp('[')) {
      c.pos++;
      const idx = expr(c);
      c.expectOp(']');
      return { t: 'fn', name: 'root', args: [scriptArg(c), idx] };
    }
    return { t: 'fn', name: 'sqrt', args: [scriptArg(c)] };
  }
  if (s === 'sum' || s === 'prod') return bigOperator(c, s);
  if (s === 'pi') return { t: 'const', name: 'pi' };
  if (s === 'infty' || s === 'infin') return { t: 'const', name: 'inf' };
  if (s === 'emptyset' || s === 'varnothing') return { t: 'set', xs: [], braces: true };
  if (GREEK.has(s)) return decorated(c, s);
  if (ACCENTS.has(s)) {
    const arg = scriptArg(c);
    return arg.t === 'var' ? decorated(c, `${s} ${arg.name}`) : arg;
  }
  if (TRIG.has(s)) return trig(c, s);
  if (s === 'lfloor' || s === 'lceil') return floorCeil(c, s);
  if (s === 'lvert' || s === 'vert' || s === '|') return commandBars(c);
  if (s === '{' || s === 'lbrace') return setBraces(c);
  if (s === 'begin') return environment(c);
  if (s === 'mathbb') {
    const arg = scriptArg(c);
    if (arg.t === 'var' && arg.name === 'R')
      return {
        t: 'tuple',
        open: '(',
        close: ')',
        xs: [
          { t: 'neg', a: { t: 'const', name: 'inf' } },
          { t: 'const', name: 'inf' },
        ],
      };
    return { t: 'text', s: `mathbb${arg.t === 'var' ? arg.name : '?'}` };
  }
  if (s === 'dots' || s === 'ldots' || s === 'cdots') return { t: 'text', s: '...' };
  if (IGNORED_CMDS.has(s)) {
    if (c.atEnd()) return { t: 'text', s: '' };
    return primary(c);
  }
  if (s === '%') return { t: 'text', s: '%' };
  throw new ParseError(`unknown command \\${s}`);
}

/**
 * \sum_{k=a}^{b} body, \prod likewise → fn(sum|prod, [k, a, b, body]). The body is one product
 * term (`\sum_{k=1}^{n} 2k + 1` sums 2k, then adds 1), as the operator is usually read.
 */
function bigOperator(c: Cursor, s: 'sum' | 'prod'): Node {
  c.expectOp('_');
  const sub = scriptArg(c);
  const index = sub.t === 'rel' ? sub.sides[0] : null;
  const indexOk = index !== null && (index.t === 'var' || (index.t === 'const' && (index.name === 'i' || index.name === 'e')));
  if (sub.t !== 'rel' || sub.ops.length !== 1 || sub.ops[0] !== '=' || !indexOk) throw new ParseError(`\\${s} needs an index: _{k=a}`);
  c.expectOp('^');
  const hi = scriptArg(c);
  const body = term(c);
  return { t: 'fn', name: s, args: [sub.sides[0], sub.sides[1], hi, body] };
}
