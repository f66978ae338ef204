import { Decimal } from 'decimal.js';
import { freeVars, type Node, type RelOp } from './ast.js';
import { decimalClose, evalDecimal, type Dec } from './numeric.js';

/**
 * Subsets of the real line written as intervals, finite sets, unions, intersections,
 * differences (`\mathbb{R} \setminus [2, 3]`) or one-variable conditions (`x > 3`,
 * `1 \le |z| \le 3/2`), brought to one canonical form — sorted, merged intervals with numeric
 * ends — so that every spelling of the same set compares equal.
 */

const FLIP: Partial<Record<RelOp, RelOp>> = { '>': '<', ge: 'le' };
const INF: Node = { t: 'const', name: 'inf' };

/** x > a, a < x ≤ b … with one variable → the interval it describes (as a tuple node). */
export function relAsInterval(n: Node): Node | null {
  if (n.t !== 'rel' || n.ops.some((o) => o === '=' || o === 'ne' || o === 'in')) return null;
  let { ops, sides } = n;
  if (ops.every((o) => o === '>' || o === 'ge')) {
    ops = ops.map((o) => FLIP[o] ?? o).reverse();
    sides = [...sides].reverse();
  }
  if (!ops.every((o) => o === '<' || o === 'le')) return null;
  if (sides.length === 2) {
    if (sides[0].t === 'var' && freeVars(sides[1]).size === 0)
      return { t: 'tuple', open: '(', close: ops[0] === 'le' ? ']' : ')', xs: [{ t: 'neg', a: INF }, sides[1]] };
    if (sides[1].t === 'var' && freeVars(sides[0]).size === 0) return { t: 'tuple', open: ops[0] === 'le' ? '[' : '(', close: ')', xs: [sides[0], INF] };
    return null;
  }
  if (sides.length === 3 && sides[1].t === 'var' && freeVars(sides[0]).size === 0 && freeVars(sides[2]).size === 0)
    return { t: 'tuple', open: ops[0] === 'le' ? '[' : '(', close: ops[1] === 'le' ? ']' : ')', xs: [sides[0], sides[2]] };
  return null;
}

interface End {
  v: Dec;
  closed: boolean;
}
interface Interval {
  lo: End;
  hi: End;
}
export type RealSet = Interval[];

function value(n: Node): Dec | null {
  if (n.t === 'const' && n.name === 'inf') return new Decimal(Infinity);
  if (n.t === 'neg' && n.a.t === 'const' && n.a.name === 'inf') return new Decimal(-Infinity);
  if (freeVars(n).size > 0) return null;
  return evalDecimal(n, new Map())?.value ?? null;
}

const same = (a: Dec, b: Dec): boolean =>
  a.isFinite() || b.isFinite() ? a.isFinite() && b.isFinite() && decimalClose({ value: a, scale: 0 }, { value: b, scale: 0 }) : a.eq(b);
const less = (a: Dec, b: Dec): boolean => !same(a, b) && a.lt(b);

/** Sorted, with overlapping or touching intervals merged. */
function canonical(xs: Interval[]): RealSet {
  const ivs = xs.filter((x) => less(x.lo.v, x.hi.v) || (same(x.lo.v, x.hi.v) && x.lo.closed && x.hi.closed));
  ivs.sort((a, b) => (less(a.lo.v, b.lo.v) ? -1 : less(b.lo.v, a.lo.v) ? 1 : a.lo.closed === b.lo.closed ? 0 : a.lo.closed ? -1 : 1));
  const out: Interval[] = [];
  for (const x of ivs) {
    const last = out[out.length - 1];
    const touches = last && (less(x.lo.v, last.hi.v) || (same(x.lo.v, last.hi.v) && (x.lo.closed || last.hi.closed)));
    if (!last || !touches) out.push({ lo: { ...x.lo }, hi: { ...x.hi } });
    else if (less(last.hi.v, x.hi.v) || (same(last.hi.v, x.hi.v) && x.hi.closed)) last.hi = { ...x.hi };
  }
  return out;
}

function complement(a: RealSet): RealSet {
  const out: Interval[] = [];
  let lo: End = { v: new Decimal(-Infinity), closed: false };
  for (const x of a) {
    out.push({ lo, hi: { v: x.lo.v, closed: !x.lo.closed } });
    lo = { v: x.hi.v, closed: !x.hi.closed };
  }
  out.push({ lo, hi: { v: new Decimal(Infinity), closed: false } });
  return canonical(out);
}

const union = (a: RealSet, b: RealSet): RealSet => canonical([...a, ...b]);
const intersection = (a: RealSet, b: RealSet): RealSet => complement(union(complement(a), complement(b)));

/** `a \le |x| \le b`, `|x| < b`, `|x| > a` → the set of x (symmetric about 0). */
function absCondition(n: Node & { t: 'rel' }): RealSet | null {
  let { ops, sides } = n;
  if (ops.every((o) => o === '>' || o === 'ge')) {
    ops = ops.map((o) => FLIP[o] ?? o).reverse();
    sides = [...sides].reverse();
  }
  if (!ops.every((o) => o === '<' || o === 'le')) return null;
  const absAt = sides.findIndex((s) => s.t === 'fn' && s.name === 'abs' && s.args[0].t === 'var');
  if (absAt < 0 || sides.length - 1 > 2) return null;
  const lo = absAt > 0 ? value(sides[absAt - 1]) : new Decimal(0);
  const hi = absAt < sides.length - 1 ? value(sides[absAt + 1]) : new Decimal(Infinity);
  if (!lo || !hi || lo.isNegative()) return null;
  const loClosed = absAt > 0 ? ops[absAt - 1] === 'le' : true;
  const hiClosed = absAt < sides.length - 1 ? ops[absAt] === 'le' : false;
  const positive: Interval = { lo: { v: lo, closed: loClosed }, hi: { v: hi, closed: hiClosed } };
  const negative: Interval = { lo: { v: hi.neg(), closed: hiClosed }, hi: { v: lo.neg(), closed: loClosed } };
  return canonical([negative, positive]);
}

/** The canonical form of a real set, or null when the node is not one (or its ends are not numbers). */
export function realSet(n: Node): RealSet | null {
  if (n.t === 'tuple' && n.xs.length === 2) {
    const lo = value(n.xs[0]);
    const hi = value(n.xs[1]);
    if (!lo || !hi || less(hi, lo)) return null;
    return canonical([{ lo: { v: lo, closed: n.open === '[' }, hi: { v: hi, closed: n.close === ']' } }]);
  }
  if (n.t === 'set' && n.braces) {
    const vs = n.xs.map(value);
    if (vs.some((v) => v === null || !v.isFinite())) return null;
    return canonical(vs.map((v) => ({ lo: { v: v as Dec, closed: true }, hi: { v: v as Dec, closed: true } })));
  }
  if (n.t === 'setop') {
    const parts = n.xs.map(realSet);
    if (parts.some((p) => p === null)) return null;
    const [first, ...rest] = parts as RealSet[];
    if (n.op === 'cup') return rest.reduce(union, first);
    if (n.op === 'cap') return rest.reduce(intersection, first);
    return rest.reduce((a, b) => intersection(a, complement(b)), first);
  }
  if (n.t === 'rel') {
    const iv = relAsInterval(n);
    if (iv) return realSet(iv);
    return absCondition(n);
  }
  return null;
}

export function realSetsEqual(a: RealSet, b: RealSet): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i];
    const endsSame = (p: End, q: End): boolean => same(p.v, q.v) && (p.closed === q.closed || !p.v.isFinite());
    return endsSame(x.lo, y.lo) && endsSame(x.hi, y.hi);
  });
}
