import { freeVars, isScalar, type Node, type RelOp } from './ast.js';
import { matrixValue } from './matrix-arith.js';
import { bigOpParts, expandBigOps, isBigOp } from './sums.js';
import { realSet, realSetsEqual, relAsInterval } from './real-sets.js';
import { proportional, scalarEqual, type Decision, type ScalarOptions } from './scalar.js';

export type { Decision } from './scalar.js';

const MAX_VARIANTS = 64;

/** Expands every a ± b into its sign choices; an answer with ± is the set of its values. */
function expandPm(n: Node): Node[] {
  switch (n.t) {
    case 'pm': {
      const bs = expandPm(n.b);
      const as = n.a ? expandPm(n.a) : [null];
      const out: Node[] = [];
      for (const a of as)
        for (const b of bs) {
          out.push(a ? { t: 'add', xs: [a, b] } : b);
          out.push(a ? { t: 'add', xs: [a, { t: 'neg', a: b }] } : { t: 'neg', a: b });
        }
      return out.slice(0, MAX_VARIANTS);
    }
    case 'add':
    case 'mul': {
      let acc: Node[][] = [[]];
      for (const x of n.xs) {
        const vs = expandPm(x);
        const next: Node[][] = [];
        for (const prefix of acc) for (const v of vs) next.push([...prefix, v]);
        acc = next.slice(0, MAX_VARIANTS);
      }
      return acc.map((xs) => ({ t: n.t, xs }) as Node);
    }
    case 'neg':
      return expandPm(n.a).map((a) => ({ t: 'neg', a }) as Node);
    case 'div':
    case 'pow': {
      const out: Node[] = [];
      for (const a of expandPm(n.a)) for (const b of expandPm(n.b)) out.push({ t: n.t, a, b });
      return out.slice(0, MAX_VARIANTS);
    }
    case 'fn': {
      if (n.args.length !== 1) return [n];
      return expandPm(n.args[0]).map((a) => ({ t: 'fn', name: n.name, args: [a] }) as Node);
    }
    default:
      return [n];
  }
}

/** A tuple whose entries carry ± → every tuple of sign choices. */
function expandTuplePm(n: Node & { t: 'tuple' }): Node[] {
  let acc: Node[][] = [[]];
  for (const x of n.xs) {
    const vs = isScalar(x) && hasPm(x) ? expandPm(x) : [x];
    acc = acc.flatMap((prefix) => vs.map((v) => [...prefix, v])).slice(0, MAX_VARIANTS);
  }
  return acc.map((xs) => ({ ...n, xs }));
}

function hasPm(n: Node): boolean {
  return JSON.stringify(n, (_k, v: unknown) => (typeof v === 'bigint' ? 0 : v)).includes('"t":"pm"');
}

/** A left side that only names what the right side gives: x, x_1, f(x), (x, y). */
function isNameLike(n: Node): boolean {
  if (n.t === 'var') return true; // includes applied names such as f(x), parsed as one symbol
  // f(x), f^{-1}(x), f'(x), g_2(x): a letter that names functions, applied to variables. Other
  // letters are not function names: "xy = 6" is a curve, not the value 6.
  const callee = n.t === 'mul' && n.xs.length === 2 ? n.xs[0] : null;
  const fname = /^[fghpquvwyFGHPQRSUVWY](?:_.*|'+)?$/;
  const calleeOk = callee !== null && (callee.t === 'var' ? fname.test(callee.name) : callee.t === 'pow' && callee.a.t === 'var' && fname.test(callee.a.name));
  if (calleeOk && n.t === 'mul') {
    const arg = n.xs[1];
    return arg.t === 'var' || (arg.t === 'tuple' && arg.xs.every((x) => x.t === 'var'));
  }
  if (n.t === 'tuple') return n.xs.every((x) => x.t === 'var');
  return isLabel(n);
}

const isUpperLetter = (n: Node): boolean => n.t === 'var' && /^[A-Z]$/.test(n.name);

/**
 * A name for a quantity of a figure: a segment or area written in capitals (`AB`, `S_{ABC}`),
 * its length `|AB|`, or a ratio of names (`\frac{NO}{BO}`, `V_1:V_2`). `AB = 4` gives the value
 * 4; lower-case products stay expressions (`xy = 6` is a curve).
 */
function isLabel(n: Node): boolean {
  if (n.t === 'var') return true;
  if (n.t === 'mul') return n.xs.length >= 2 && n.xs.every(isUpperLetter);
  if (n.t === 'fn') return n.name === 'abs' && n.args.length === 1 && isLabel(n.args[0]);
  if (n.t === 'div') return isLabel(n.a) && isLabel(n.b);
  return false;
}

/** `x = 3`, `x \in [2, 5)`, `f(x) = x + 1` → the right side; anything else → null. */
function assignedValue(n: Node): Node | null {
  if (n.t !== 'rel' || n.ops.length !== 1) return null;
  if (n.ops[0] === 'in') return n.sides[1];
  if (n.ops[0] === '=' && isNameLike(n.sides[0]) && n.sides[1].t !== 'rel') return n.sides[1];
  return null;
}

/** A bare list of assignments to distinct variables, as the tuple of their values in written order. */
function assignmentsAsTuple(n: Node): Node | null {
  if (n.t !== 'set' || n.braces || n.xs.length < 2) return null;
  const names = new Set<string>();
  const values: Node[] = [];
  for (const x of n.xs) {
    if (x.t !== 'rel' || x.ops.length !== 1 || x.ops[0] !== '=' || !isLabel(x.sides[0])) return null;
    names.add(JSON.stringify(x.sides[0], (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
    values.push(x.sides[1]);
  }
  return names.size === values.length ? { t: 'tuple', open: '(', close: ')', xs: values } : null;
}

/** "18 \times 2 = 36", "x = 2 + 3 = 5": a chain of equalities ending in a number gives that number. */
function chainValue(n: Node): Node | null {
  if (n.t !== 'rel' || !n.ops.every((o) => o === '=')) return null;
  // Every side but a leading name must be a closed value: "y' + ry = 0" is an equation, not 0.
  const closed = n.sides.map((x) => isScalar(x) && freeVars(x).size === 0);
  if (!closed.slice(1).every(Boolean) || !(closed[0] || isNameLike(n.sides[0]))) return null;
  return n.sides[n.sides.length - 1];
}

/** `x = 5 + 6 = 11` → `x = 11`: an equality chain of a name and closed values, shortened; else null. */
function chainEnds(n: Node & { t: 'rel' }): (Node & { t: 'rel' }) | null {
  if (n.ops.length < 2 || !isNameLike(n.sides[0])) return null;
  const last = chainValue(n);
  return last ? { t: 'rel', ops: ['='], sides: [n.sides[0], last] } : null;
}

/** The intervals of a union: `A \cup B`, or a bare list of intervals and one-variable inequalities. */
function unionMembers(n: Node): Node[] | null {
  if (n.t === 'setop') return n.op === 'cup' ? n.xs : null;
  if (n.t !== 'set' || n.braces) return null;
  const out: Node[] = [];
  for (const x of n.xs) {
    const iv = x.t === 'tuple' && x.xs.length === 2 ? x : relAsInterval(x);
    if (!iv) return null;
    out.push(iv);
  }
  return out;
}

/** `t(0,4]`: a variable written directly before an interval with a square bracket, read as membership. */
function memberInterval(n: Node): Node | null {
  if (n.t !== 'mul' || n.xs.length !== 2 || n.xs[0].t !== 'var') return null;
  const iv = n.xs[1];
  return iv.t === 'tuple' && iv.xs.length === 2 && (iv.open === '[' || iv.close === ']') ? iv : null;
}

const FLIP: Partial<Record<RelOp, RelOp>> = { '>': '<', ge: 'le' };

export class Comparator {
  constructor(
    private readonly opts: ScalarOptions,
    private readonly seed: string,
    /** The question asks for its answers in order: bare lists are compared position by position. */
    private readonly orderedLists = false,
  ) {}

  equal(p: Node, g: Node): Decision {
    // ± answers are sets of values.
    if (hasPm(g) && isScalar(g)) g = { t: 'set', xs: expandPm(g), braces: false };
    if (hasPm(p) && isScalar(p)) p = { t: 'set', xs: expandPm(p), braces: false };

    // (±3, ±2) is the four points of its sign choices.
    if (p.t === 'tuple' && p.xs.some(hasPm)) p = { t: 'set', xs: expandTuplePm(p), braces: false };
    if (g.t === 'tuple' && g.xs.some(hasPm)) g = { t: 'set', xs: expandTuplePm(g), braces: false };
    // Sums with integer bounds written out; two symbolic sums compared bound by bound and body by body.
    p = expandBigOps(p);
    g = expandBigOps(g);
    if (isBigOp(p) && isBigOp(g)) {
      const parts = bigOpParts(p, g);
      const same = parts !== null && parts.bounds.every(([a, b]) => this.equal(a, b).equal) && this.equal(...parts.bodies).equal;
      return { equal: same, layer: 'sum (bounds and summand)' };
    }
    // 2·M, M + N, M·N: evaluated to one matrix first.
    p = matrixValue(p) ?? p;
    g = matrixValue(g) ?? g;

    if (p.t === 'rel' && g.t === 'rel') return this.relations(p, g);
    const gv = assignedValue(g);
    if (gv && p.t !== 'rel') return this.equal(p, gv);
    const pv = assignedValue(p) ?? chainValue(p);
    if (pv && g.t !== 'rel') return this.equal(pv, g);

    // OlympiadBench writes "t(0,4]" for t ∈ (0, 4].
    const gm = memberInterval(g);
    if (gm && (p.t === 'tuple' || p.t === 'rel')) return this.equal(p, gm);
    const pm = memberInterval(p);
    if (pm && (g.t === 'tuple' || g.t === 'rel')) return this.equal(pm, g);

    // Inequalities and intervals describe the same sets.
    if (p.t === 'rel' && g.t === 'tuple') {
      const iv = relAsInterval(p);
      if (iv) return this.equal(iv, g);
    }
    if (g.t === 'rel' && p.t === 'tuple') {
      const iv = relAsInterval(g);
      if (iv) return this.equal(p, iv);
    }

    if (g.t === 'percent' && p.t !== 'percent') {
      // 50% is 50 as a percentage and 0.5 as a number: either reading of the gold is accepted.
      const d = this.equal(p, g.a);
      return d.equal ? { equal: true, layer: `${d.layer} (percent)` } : this.equal(p, { t: 'div', a: g.a, b: { t: 'num', v: { n: 100n, d: 1n }, places: 0 } });
    }
    if (p.t === 'percent' && g.t !== 'percent') {
      const d = this.equal(p.a, g);
      return d.equal ? { equal: true, layer: `${d.layer} (percent)` } : this.equal({ t: 'div', a: p.a, b: { t: 'num', v: { n: 100n, d: 1n }, places: 0 } }, g);
    }
    if (p.t === 'percent' && g.t === 'percent') return this.equal(p.a, g.a);

    if (g.t === 'text' || p.t === 'text') {
      const norm = (n: Node): string | null => (n.t === 'text' ? n.s.toLowerCase().replace(/[^a-z0-9]/g, '') : null);
      const a = norm(p);
      const b = norm(g);
      return { equal: a !== null && a === b, layer: 'text' };
    }

    // "x = 1, y = 2" answers the point (1, 2).
    const pt = assignmentsAsTuple(p);
    if (pt && g.t === 'tuple') return this.equal(pt, g);
    const gt = assignmentsAsTuple(g);
    if (gt && p.t === 'tuple') return this.equal(p, gt);
    // "AB = 4, CD = 5" against "4, 5": the labels fix the order of the values.
    const plainList = (n: Node): Node | null =>
      n.t === 'set' && !n.braces && n.xs.every((x) => x.t !== 'rel') ? { t: 'tuple', open: '(', close: ')', xs: n.xs } : null;
    const pl = plainList(p);
    if (gt && pl) return this.equal(pl, gt);
    const gl = plainList(g);
    if (pt && gl) return this.equal(pt, gl);
    // Sets of reals in any spelling: ℝ \ [2, 3], 1 ≤ |z| ≤ 3/2, unions and intersections.
    const isAbsCondition = (n: Node): boolean => n.t === 'rel' && n.sides.some((x) => x.t === 'fn' && x.name === 'abs');
    if (g.t === 'setop' || p.t === 'setop' || isAbsCondition(p) || isAbsCondition(g)) {
      const ps = realSet(p);
      const gs = ps && realSet(g);
      const isUnion = (n: Node): boolean => n.t === 'setop' && n.op === 'cup';
      if (ps && gs) return { equal: realSetsEqual(ps, gs), layer: isUnion(p) && isUnion(g) ? 'union of intervals' : 'set of reals' };
    }
    if (g.t === 'setop' || p.t === 'setop') {
      // (a, b) ∪ (c, d) also written as "x < b or x > c" or "(a, b), (c, d)".
      const pu = unionMembers(p);
      const gu = unionMembers(g);
      if (pu && gu) return this.unordered(pu, gu, 'union of intervals');
      if (p.t !== 'setop' || g.t !== 'setop' || p.op !== g.op) return { equal: false, layer: 'set operation' };
      return this.unordered(p.xs, g.xs, 'set operation');
    }
    if (g.t === 'set' || p.t === 'set') return this.sets(p, g);
    if (g.t === 'matrix' || p.t === 'matrix') return this.matrices(p, g);
    if (g.t === 'tuple' || p.t === 'tuple') return this.tuples(p, g);
    if (g.t === 'rel' || p.t === 'rel') return { equal: false, layer: 'relation vs value' };
    return scalarEqual(p, g, this.opts, this.seed);
  }

  private sets(p: Node, g: Node): Decision {
    const members = (n: Node): Node[] =>
      (n.t === 'set' ? n.xs : [n]).flatMap((x) => (isScalar(x) && hasPm(x) ? expandPm(x) : x.t === 'tuple' && x.xs.some(hasPm) ? expandTuplePm(x) : [x]));
    if (this.orderedLists && p.t === 'set' && g.t === 'set' && !p.braces && !g.braces) {
      if (p.xs.length !== g.xs.length) return { equal: false, layer: 'list (ordered by the question): sizes differ' };
      const same = p.xs.every((x, i) => this.equal(x, g.xs[i]).equal);
      return { equal: same, layer: 'list (ordered by the question)' };
    }
    const pxs = members(p);
    const gxs = members(g);
    // A point is not a list of solutions: (1, 2) ≠ {1, 2}.
    if ((p.t === 'tuple' && gxs.length > 1) || (g.t === 'tuple' && pxs.length > 1)) return { equal: false, layer: 'tuple vs set' };
    // A solution listed twice is still one solution — unless the gold itself repeats elements
    // (roots counted with multiplicity), which makes it a multiset.
    const gd = this.distinct(gxs);
    if (gd.length < gxs.length) return this.unordered(pxs, gxs, 'multiset (unordered)');
    return this.unordered(this.distinct(pxs), gxs, 'set (unordered)');
  }

  /** The elements without repeats (an element equal to an earlier one is dropped). */
  private distinct(xs: Node[]): Node[] {
    const out: Node[] = [];
    for (const x of xs) if (!out.some((y) => this.equal(x, y).equal)) out.push(x);
    return out;
  }

  /** Multiset matching: every gold element is matched by a distinct predicted element. */
  private unordered(pxs: Node[], gxs: Node[], layer: string): Decision {
    if (pxs.length !== gxs.length) return { equal: false, layer: `${layer}: sizes differ` };
    const used = new Array<boolean>(pxs.length).fill(false);
    for (const gx of gxs) {
      let found = -1;
      for (let i = 0; i < pxs.length && found < 0; i++) if (!used[i] && this.equal(pxs[i], gx).equal) found = i;
      if (found < 0) return { equal: false, layer };
      used[found] = true;
    }
    return { equal: true, layer };
  }

  private tuples(p: Node, g: Node): Decision {
    if (p.t !== 'tuple' || g.t !== 'tuple') return { equal: false, layer: 'tuple vs value' };
    if (p.xs.length !== g.xs.length) return { equal: false, layer: 'tuple: lengths differ' };
    const isInterval = p.xs.length === 2 && (p.open !== g.open || p.close !== g.close);
    if (isInterval) return { equal: false, layer: 'interval: ends differ' };
    for (let i = 0; i < p.xs.length; i++) if (!this.equal(p.xs[i], g.xs[i]).equal) return { equal: false, layer: 'tuple (ordered)' };
    return { equal: true, layer: p.xs.length === 2 && (p.open === '[' || p.close === ']') ? 'interval' : 'tuple (ordered)' };
  }

  private matrices(p: Node, g: Node): Decision {
    const cells = (n: Node): Node[][] | null => {
      if (n.t === 'matrix') return n.rows;
      if (n.t === 'tuple' && n.open === '(' && n.close === ')') return n.xs.map((x) => [x]);
      return null;
    };
    let a = cells(p);
    let b = cells(g);
    if (!a || !b) return { equal: false, layer: 'matrix vs value' };
    // A vector written as a tuple equals the column (or row) matrix with the same entries.
    const flat = (m: Node[][]): Node[][] => (m.length === 1 ? m[0].map((x) => [x]) : m);
    if (p.t !== 'matrix' || g.t !== 'matrix') {
      a = flat(a);
      b = flat(b);
    }
    if (a.length !== b.length || a[0].length !== b[0].length) return { equal: false, layer: 'matrix: shapes differ' };
    for (let i = 0; i < a.length; i++)
      for (let j = 0; j < a[i].length; j++) if (!this.equal(a[i][j], b[i][j]).equal) return { equal: false, layer: 'matrix (element-wise)' };
    return { equal: true, layer: 'matrix (element-wise)' };
  }

  private relations(p: Node & { t: 'rel' }, g: Node & { t: 'rel' }): Decision {
    // x = 5 + 6 = 11 states x = 11: a chain is judged by its first and last sides, as against 11.
    const pc = chainEnds(p);
    const gc = chainEnds(g);
    if (pc || gc) return this.equal(pc ?? p, gc ?? g);
    const pv = assignedValue(p);
    const gv = assignedValue(g);
    // x ∈ S against a relation: compare the relation with S (an inequality is an interval).
    if (g.ops[0] === 'in' && gv && p.ops[0] !== 'in') return this.equal(p, gv);
    if (p.ops[0] === 'in' && pv && g.ops[0] !== 'in') return this.equal(pv, g);
    if (pv && gv && JSON.stringify(p.sides[0]) === JSON.stringify(g.sides[0])) return this.equal(pv, gv);
    const pi = relAsInterval(p);
    const gi = relAsInterval(g);
    if (pi && gi) return this.equal(pi, gi);
    if (p.ops.length !== 1 || g.ops.length !== 1) {
      if (p.ops.length !== g.ops.length || p.ops.some((o, i) => o !== g.ops[i])) return { equal: false, layer: 'relation chain' };
      for (let i = 0; i < p.sides.length; i++) if (!this.equal(p.sides[i], g.sides[i]).equal) return { equal: false, layer: 'relation chain' };
      return { equal: true, layer: 'relation chain' };
    }
    // f op 0 with op in {=, ≠, <, ≤}: same relation iff the left sides are proportional (positively for inequalities).
    const canon = (r: Node & { t: 'rel' }): { op: RelOp; f: Node } => {
      const op = r.ops[0];
      const [l, rr] = r.sides;
      if (op === '>' || op === 'ge') return { op: FLIP[op] as RelOp, f: { t: 'add', xs: [rr, { t: 'neg', a: l }] } };
      return { op, f: { t: 'add', xs: [l, { t: 'neg', a: rr }] } };
    };
    const a = canon(p);
    const b = canon(g);
    if (a.op !== b.op || a.op === 'in') return { equal: false, layer: 'relation: operators differ' };
    const vars = freeVars(a.f);
    freeVars(b.f, vars);
    const same = proportional(a.f, b.f, [...vars].sort(), this.seed, a.op !== '=' && a.op !== 'ne');
    return { equal: same, layer: a.op === '=' ? 'equation (same solution set)' : 'inequality' };
  }
}
