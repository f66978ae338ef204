import { children, freeVars, type Node } from './ast.js';
import { complexClose, evalComplex } from './complex.js';
import { exact, exactEqual, TooLarge, type Exact } from './exact.js';
import { D, decimalClose, evalDecimal, type Dec } from './numeric.js';
import { seededRandom } from './random.js';
import * as Q from './rational.js';

/** Outcome of one comparison: the verdict and the layer that decided it. */
export interface Decision {
  equal: boolean;
  layer: string;
}

export interface ScalarOptions {
  /** Gold rounded decimals are matched within half a unit of their last place for any answer (Minerva). */
  roundedGoldTolerance: 'always' | 'non-terminating' | 'never';
  /** Relative tolerance for non-exact values (strict: high precision only; paper: 1e-4). */
  relTol: number | null;
}

/** Sign of an infinity node (+∞ → 1, −∞ → −1), 0 for anything else. */
function infSign(n: Node): number {
  if (n.t === 'const' && n.name === 'inf') return 1;
  if (n.t === 'neg') return -infSign(n.a);
  if (n.t === 'add' && n.xs.length === 1) return infSign(n.xs[0]);
  return 0;
}

/** Decimal places written in a rounded gold (`1.6`, `4.5e33`, `3.2 \times 10^{5}`), with its power-of-ten shift. */
function goldRounding(g: Node): { places: number } | null {
  if (g.t === 'neg') return goldRounding(g.a);
  if (g.t === 'num' && g.rounded) return { places: g.places };
  if (g.t === 'mul' && g.xs.length === 2 && g.xs[0].t === 'num' && g.xs[1].t === 'pow') {
    const [m, p] = [g.xs[0], g.xs[1]];
    if (p.t === 'pow' && p.a.t === 'num' && Q.eq(p.a.v, Q.rat(10n))) {
      const e = exact(p.b);
      if (e && Q.isZero(e.im) && Q.isInt(e.re) && m.t === 'num' && e.re.n < 10000n && e.re.n > -10000n) return { places: m.places - Number(e.re.n) };
    }
  }
  return null;
}

const decOf = (r: Q.Rational): Dec => new D(r.n.toString()).div(r.d.toString());

function isTerminating(x: Exact): boolean {
  let d = x.re.d;
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  return d === 1n && Q.isZero(x.im);
}

function withinRounding(p: Dec, g: Dec, places: number): boolean {
  const half = new D(10).pow(-places).div(2);
  return p.minus(g).abs().lt(half);
}

/** Compares two scalar expressions: exact rationals, then 50-digit numeric, then randomized identity testing. */
export function scalarEqual(p: Node, g: Node, opts: ScalarOptions, seed: string): Decision {
  const sp = infSign(p);
  const sg = infSign(g);
  if (sp !== 0 || sg !== 0) return { equal: sp === sg, layer: 'infinity' };

  const vars = freeVars(p);
  freeVars(g, vars);
  if (vars.size === 0) {
    let ep: Exact | null;
    let eg: Exact | null;
    try {
      ep = exact(p);
      eg = ep && exact(g);
    } catch (err) {
      if (err instanceof TooLarge) return { equal: false, layer: 'too large to compare exactly' };
      throw err;
    }
    const rounding = goldRounding(g);
    if (ep && eg) {
      if (exactEqual(ep, eg)) return { equal: true, layer: 'exact rational' };
      if (rounding && opts.roundedGoldTolerance !== 'never' && Q.isZero(ep.im) && Q.isZero(eg.im)) {
        const allowed = opts.roundedGoldTolerance === 'always' || !isTerminating(ep);
        if (allowed && withinRounding(decOf(ep.re), decOf(eg.re), rounding.places)) return { equal: true, layer: 'rounded gold decimal' };
      }
      if (opts.relTol !== null && Q.isZero(ep.im) && Q.isZero(eg.im)) {
        const a = decOf(ep.re);
        const b = decOf(eg.re);
        if (a.minus(b).abs().lte(D.max(a.abs(), b.abs()).times(opts.relTol))) return { equal: true, layer: 'numeric tolerance' };
      }
      return { equal: false, layer: 'exact rational' };
    }
    const vp = evalDecimal(p, new Map());
    const vg = vp && evalDecimal(g, new Map());
    if (vp && vg) {
      if (decimalClose(vp, vg)) return { equal: true, layer: 'numeric (50 digits)' };
      if (rounding && opts.roundedGoldTolerance !== 'never' && withinRounding(vp.value, vg.value, rounding.places))
        return { equal: true, layer: 'rounded gold decimal' };
      if (opts.relTol !== null && decimalClose(vp, vg, opts.relTol)) return { equal: true, layer: 'numeric tolerance' };
      return { equal: false, layer: 'numeric (50 digits)' };
    }
    const cp = evalComplex(p);
    const cg = cp && evalComplex(g);
    if (cp && cg) return { equal: complexClose(cp, cg), layer: 'numeric (complex)' };
    return { equal: false, layer: 'not evaluable' };
  }
  const direct = randomizedEqual(p, g, [...vars].sort(), seed, opts.relTol);
  if (direct.equal) return direct;
  return renamedConstantsEqual(p, g, seed, opts.relTol) ?? direct;
}

/** Names an answer uses for arbitrary constants: C, D, K, C_1, c, c_2, k_1, … */
const CONSTANT_NAME = /^(?:[A-DK]|[cCkK]_\{?\d+\}?|[ck])$/;
const MAX_RENAMED = 4;

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

export function renameVars(n: Node, map: Map<string, string>): Node {
  return substitute(n, (name) => (map.has(name) ? { t: 'var', name: map.get(name) as string } : null));
}

/**
 * Replaces variables by the nodes `value` gives (null keeps the variable). With `letterConstants`
 * the letters read as constants (i, e) are offered too: a summation index named i is a variable.
 */
export function substitute(n: Node, value: (name: string) => Node | null, letterConstants = false): Node {
  const r = (x: Node): Node => substitute(x, value, letterConstants);
  switch (n.t) {
    case 'var':
      return value(n.name) ?? n;
    case 'const':
      return letterConstants && (n.name === 'i' || n.name === 'e') ? (value(n.name) ?? n) : n;
    case 'add':
    case 'mul':
      return { t: n.t, xs: n.xs.map(r) };
    case 'tuple':
      return { ...n, xs: n.xs.map(r) };
    case 'set':
      return { ...n, xs: n.xs.map(r) };
    case 'setop':
      return { ...n, xs: n.xs.map(r) };
    case 'div':
    case 'pow':
      return { t: n.t, a: r(n.a), b: r(n.b) };
    case 'neg':
    case 'percent':
      return { t: n.t, a: r(n.a) };
    case 'pm':
      return { t: 'pm', a: n.a ? r(n.a) : null, b: r(n.b) };
    case 'fn':
      return { ...n, args: n.args.map(r) };
    case 'matrix':
      return { t: 'matrix', rows: n.rows.map((row) => row.map(r)) };
    case 'rel':
      return { ...n, sides: n.sides.map(r) };
    default:
      return n;
  }
}

/**
 * Arbitrary constants may be named freely: −x + C + D/x is the family A + B/x − x. When the
 * two sides differ only in constant-like names (same count, at most four), every renaming of
 * the answer's constants to the gold's is tried — but only when both sides also share a real
 * variable (x in `x + C`): a constant is arbitrary only next to something it is constant in.
 * An answer made only of letters (`A`, `AB`, `(A, B)`, `2A`) names points, choices or
 * segments, and one letter is never another.
 */
function renamedConstantsEqual(p: Node, g: Node, seed: string, relTol: number | null): Decision | null {
  const pv = freeVars(p);
  const gv = freeVars(g);
  if (![...pv].some((v) => gv.has(v) && !CONSTANT_NAME.test(v))) return null;
  const onlyP = [...pv].filter((v) => !gv.has(v)).sort();
  const onlyG = [...gv].filter((v) => !pv.has(v)).sort();
  if (onlyP.length === 0 || onlyP.length !== onlyG.length || onlyP.length > MAX_RENAMED) return null;
  if (![...onlyP, ...onlyG].every((v) => CONSTANT_NAME.test(v))) return null;
  const vars = [...gv].sort();
  for (const perm of permutations(onlyG)) {
    const renamed = renameVars(p, new Map(onlyP.map((v, i) => [v, perm[i]])));
    if (randomizedEqual(renamed, g, vars, seed, relTol).equal) return { equal: true, layer: 'symbolic (arbitrary constants renamed)' };
  }
  return null;
}

const POINTS = 6;

/** Points 0 and 1 are positive; later points walk through every sign pattern of the first variables. */
function signAt(attempt: number, varIndex: number): number {
  if (attempt < 2) return 1;
  return ((attempt - 1) >> varIndex) & 1 ? -1 : 1;
}

/**
 * Randomized identity test: both sides are evaluated at random points (50 digits) and must
 * agree wherever both are defined. Points include negative values, so |x| ≠ x and √(x²) ≠ x,
 * while points where a side is undefined (√ of a negative) are skipped, so √(1/n) = 1/√n.
 */
export function randomizedEqual(p: Node, g: Node, vars: string[], seed: string, relTol: number | null): Decision {
  const rand = seededRandom(seed);
  const discrete = usesDiscrete(p) || usesDiscrete(g);
  const complex = usesI(p) || usesI(g);
  let agreed = 0;
  for (let attempt = 0; attempt < POINTS * 4 && agreed < POINTS; attempt++) {
    const point = vars.map((_, j) => samplePoint(rand, attempt, j, discrete));
    // Exact first: at a rational point a rational expression has an exact value, and exact values
    // see the "+1" next to e.g. 10^{40}x that 50 digits cannot.
    const exactVerdict = exactAtPoint(p, g, vars, point);
    if (exactVerdict === false) return { equal: false, layer: 'symbolic (exact evaluation at random points)' };
    if (exactVerdict === true) {
      agreed++;
      continue;
    }
    if (complex) {
      const env = new Map(vars.map((v, j) => [v, point[j]]));
      const a = evalComplex(p, env);
      const b = evalComplex(g, env);
      if (!a || !b) continue;
      if (!complexClose(a, b)) return { equal: false, layer: 'symbolic (random complex evaluation)' };
    } else {
      const env = new Map(vars.map((v, j) => [v, new D(point[j])]));
      const a = evalDecimal(p, env);
      const b = evalDecimal(g, env);
      if (!a || !b) continue;
      if (!decimalClose(a, b, relTol ?? 1e-30)) return { equal: false, layer: 'symbolic (random evaluation)' };
    }
    agreed++;
  }
  return agreed >= 3
    ? { equal: true, layer: complex ? 'symbolic (random complex evaluation)' : 'symbolic (random evaluation)' }
    : { equal: false, layer: 'symbolic (undecidable)' };
}

/** Both sides evaluated exactly at the point: true/false when both are Gaussian rationals there, else null. */
function exactAtPoint(p: Node, g: Node, vars: string[], point: number[]): boolean | null {
  const nums = new Map(vars.map((v, j) => [v, { t: 'num', v: Q.rat(BigInt(Math.round(point[j] * 1e6)), 1_000_000n), places: 0 } as Node]));
  const at = (n: Node): Node => substitute(n, (name) => nums.get(name) ?? null);
  try {
    const a = exact(at(p));
    const b = a && exact(at(g));
    return a && b ? exactEqual(a, b) : null;
  } catch (err) {
    if (err instanceof TooLarge) return null;
    throw err;
  }
}

/**
 * One coordinate of a random point: a real in ±[0.3, 3] (6 decimals), or — when the
 * expressions use n!, binomials, floor or ceil, which live on integers — an integer, in [1, 12] at
 * even attempts and [1, 40] at odd ones (small values keep "+1" visible next to a factorial).
 */
function samplePoint(rand: () => number, attempt: number, varIndex: number, discrete: boolean): number {
  if (discrete) return 1 + Math.floor(rand() * (attempt % 2 === 0 ? 12 : 40));
  return (Math.round((0.3 + rand() * 2.7) * 1e6) * signAt(attempt, varIndex)) / 1e6;
}

/**
 * Does `pred` hold for the node or a subtree? Relations and matrices are not looked into: they
 * are not values, and a scalar that holds one cannot be evaluated whatever the search finds.
 */
function someNode(n: Node, pred: (x: Node) => boolean): boolean {
  if (pred(n)) return true;
  if (n.t === 'rel' || n.t === 'matrix') return false;
  return children(n).some((x) => someNode(x, pred));
}

const usesDiscrete = (n: Node): boolean => someNode(n, (x) => x.t === 'fn' && ['fact', 'binom', 'floor', 'ceil'].includes(x.name));
const usesI = (n: Node): boolean => someNode(n, (x) => x.t === 'const' && x.name === 'i');

/** Is f = c·g for a constant c (c > 0 when `positive`)? Used for equations and inequalities. */
export function proportional(f: Node, g: Node, vars: string[], seed: string, positive: boolean): boolean {
  const rand = seededRandom(seed);
  let ratio: Dec | null = null;
  let agreed = 0;
  for (let attempt = 0; attempt < 24 && agreed < POINTS; attempt++) {
    const env = new Map<string, Dec>();
    vars.forEach((v, j) => env.set(v, new D(samplePoint(rand, attempt, j, false))));
    const a = evalDecimal(f, env);
    const b = evalDecimal(g, env);
    if (!a || !b) continue;
    const za = a.value.abs().lte(new D(a.scale).times(1e-38));
    const zb = b.value.abs().lte(new D(b.scale).times(1e-38));
    if (za && zb) continue;
    if (za || zb) return false;
    const r = a.value.div(b.value);
    if (ratio === null) {
      if (positive && r.isNegative()) return false;
      ratio = r;
    } else if (r.minus(ratio).abs().gt(ratio.abs().times(1e-30))) return false;
    agreed++;
  }
  return agreed >= 3;
}
