import type { Node } from '../ast.js';
import { parseDecimal, rat } from '../rational.js';
import { ParseError, type Cursor } from './cursor.js';

/**
 * The leaves of the tree: number literals and names. A name keeps its subscripts and primes
 * (`x_1`, `\rho_{0}`, `y'`) so that each names its own unknown; `e` and `i` are the constants.
 */

export const GREEK = new Set([
  'alpha',
  'beta',
  'gamma',
  'delta',
  'epsilon',
  'varepsilon',
  'zeta',
  'eta',
  'theta',
  'vartheta',
  'iota',
  'kappa',
  'lambda',
  'mu',
  'nu',
  'xi',
  'rho',
  'sigma',
  'tau',
  'upsilon',
  'phi',
  'varphi',
  'chi',
  'psi',
  'omega',
  'Gamma',
  'Delta',
  'Theta',
  'Lambda',
  'Xi',
  'Sigma',
  'Phi',
  'Psi',
  'Omega',
  'ell',
  'hbar',
  'nabla',
  'partial',
]);

/** A number literal with the precision it was written to (3.14 → 2 places, 4.5e33 → −32). */
export function numNode(s: string): Node {
  // Most literals are plain integers; they skip the decimal and exponent scans below.
  if (/^\d+$/.test(s)) return { t: 'num', v: rat(BigInt(s)), places: 0, rounded: false };
  const v = parseDecimal(s);
  if (!v) throw new ParseError(`bad number ${s}`);
  const frac = /\.(\d*)/.exec(s)?.[1].length ?? 0;
  const exp = Number(/[eE]([+-]?\d+)/.exec(s)?.[1] ?? 0);
  return { t: 'num', v, places: frac - exp, rounded: frac > 0 || /[eE]/.test(s) };
}

export const numberNode = (n: bigint, d = 1n): Node => ({ t: 'num', v: rat(n, d), places: 0 });

export function letterNode(s: string): Node {
  if (s === 'e') return { t: 'const', name: 'e' };
  if (s === 'i') return { t: 'const', name: 'i' };
  return { t: 'var', name: s };
}

/** Raw text of a subscript, so x_1, x_{1} and x_{ 1 } name the same variable. */
export function subscriptText(c: Cursor): string {
  const t = c.peek();
  if (!t) throw new ParseError('missing subscript');
  if (t.k === 'op' && t.s === '{') {
    let depth = 0;
    let s = '';
    for (;;) {
      const u = c.peek();
      if (!u) throw new ParseError('unbalanced subscript');
      c.pos++;
      if (u.k === 'op' && u.s === '{') {
        if (depth++ > 0) s += '{';
      } else if (u.k === 'op' && u.s === '}') {
        if (--depth === 0) return s;
        s += '}';
      } else s += u.k === 'cmd' ? `\\${u.s}` : u.s;
    }
  }
  if (t.k === 'num') return c.takeFirstChar();
  c.pos++;
  return t.k === 'cmd' ? `\\${t.s}` : t.s;
}

/** A variable with subscripts and primes: x_1, \rho_{0}, y', so each names its own unknown. */
export function decorated(c: Cursor, base: string): Node {
  let name = base;
  for (;;) {
    if (c.isOp('_')) {
      c.pos++;
      name += `_${subscriptText(c)}`;
    } else if (c.isOp("'")) {
      c.pos++;
      name += "'";
    } else return { t: 'var', name };
  }
}
