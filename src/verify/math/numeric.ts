import { Decimal } from 'decimal.js';
import type { Node } from './ast.js';
import { Undefined, undef } from './undefined-value.js';

/**
 * High-precision evaluation (50 significant digits) of an expression at a point. Used for
 * closed forms that are not rational (π, radicals, logs, trig) and for the randomized
 * identity test of expressions with variables.
 */
export const D = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_EVEN, maxE: 9e15, minE: -9e15, toExpNeg: -7, toExpPos: 21 });
export type Dec = InstanceType<typeof D>;

const PI = D.acos(-1);
const E = new D(1).exp();
const HUNDRED = new D(100);
const FACT_LIMIT = 2000;

/** Largest magnitude among the terms of sums and the arguments of periodic functions: the scale of cancellation error. */
export interface EvalContext {
  env: Map<string, Dec>;
  scale: number;
}

function note(ctx: EvalContext, x: Dec): void {
  const a = Math.abs(x.toNumber());
  if (a > ctx.scale) ctx.scale = a;
}

function ok(x: Dec): Dec {
  if (!x.isFinite() || x.isNaN()) undef();
  return x;
}

function ev(node: Node, ctx: EvalContext): Dec {
  switch (node.t) {
    case 'num':
      return new D(node.v.n.toString()).div(node.v.d.toString());
    case 'const':
      if (node.name === 'pi') return PI;
      if (node.name === 'e') return E;
      return undef();
    case 'var': {
      const v = ctx.env.get(node.name);
      return v ?? undef();
    }
    case 'add': {
      let s = new D(0);
      for (const x of node.xs) {
        const v = ev(x, ctx);
        note(ctx, v);
        s = s.plus(v);
      }
      return ok(s);
    }
    case 'mul': {
      let p = new D(1);
      for (const x of node.xs) p = p.times(ev(x, ctx));
      return ok(p);
    }
    case 'neg':
      return ev(node.a, ctx).neg();
    case 'percent':
      return ev(node.a, ctx).div(HUNDRED);
    case 'div': {
      const b = ev(node.b, ctx);
      if (b.isZero()) undef();
      return ok(ev(node.a, ctx).div(b));
    }
    case 'pow':
      return ok(power(ev(node.a, ctx), ev(node.b, ctx)));
    case 'fn':
      return ok(
        fn(
          node.name,
          node.args.map((a) => ev(a, ctx)),
          ctx,
        ),
      );
    default:
      return undef();
  }
}

function power(a: Dec, b: Dec): Dec {
  if (a.isZero()) return b.isPositive() && !b.isZero() ? new D(0) : undef();
  if (a.isNegative() && !b.isInteger()) return undef();
  if (b.abs().gt(1e15)) return undef();
  return a.pow(b);
}

function fn(name: string, xs: Dec[], ctx: EvalContext): Dec {
  const x = xs[0];
  switch (name) {
    case 'sin':
    case 'cos':
    case 'tan':
    case 'sec':
    case 'csc':
    case 'cot': {
      note(ctx, x);
      if (x.abs().gt(1e6)) undef();
      if (name === 'sin') return x.sin();
      if (name === 'cos') return x.cos();
      const s = x.sin();
      const c = x.cos();
      const [num, den] = name === 'tan' ? [s, c] : name === 'sec' ? [new D(1), c] : name === 'csc' ? [new D(1), s] : [c, s];
      if (den.abs().lt(1e-40)) undef();
      return num.div(den);
    }
    case 'arcsin':
      return x.abs().gt(1) ? undef() : x.asin();
    case 'arccos':
      return x.abs().gt(1) ? undef() : x.acos();
    case 'arctan':
      return x.atan();
    case 'sinh':
      return x.sinh();
    case 'cosh':
      return x.cosh();
    case 'tanh':
      return x.tanh();
    case 'exp':
      return x.gt(1e6) ? undef() : x.exp();
    case 'ln':
    case 'log':
      return x.isPositive() && !x.isZero() ? x.ln() : undef();
    case 'log10':
      return x.isPositive() && !x.isZero() ? x.log(10) : undef();
    case 'logb': {
      const [b, y] = xs;
      if (!b.isPositive() || b.isZero() || b.eq(1) || !y.isPositive() || y.isZero()) undef();
      return y.ln().div(b.ln());
    }
    case 'sqrt':
      return x.isNegative() ? undef() : x.sqrt();
    case 'root': {
      const k = xs[1];
      if (!k.isInteger() || k.lt(1)) undef();
      if (x.isNegative()) return k.mod(2).eq(1) ? x.neg().pow(new D(1).div(k)).neg() : undef();
      return x.pow(new D(1).div(k));
    }
    case 'abs':
      return x.abs();
    case 'floor':
      return x.floor();
    case 'ceil':
      return x.ceil();
    case 'fact': {
      if (!x.isInteger() || x.isNegative() || x.gt(FACT_LIMIT)) undef();
      let r = new D(1);
      for (let i = 2; i <= x.toNumber(); i++) r = r.times(i);
      return r;
    }
    case 'binom': {
      const [n, k] = xs;
      if (!k.isInteger() || k.isNegative() || k.gt(FACT_LIMIT)) undef();
      let r = new D(1);
      for (let i = 0; i < k.toNumber(); i++) r = r.times(n.minus(i)).div(i + 1);
      return r;
    }
    default:
      return undef();
  }
}

/** The value of `node` with the given variable values, or null where it is undefined or not real. */
export function evalDecimal(node: Node, env: Map<string, Dec>): { value: Dec; scale: number } | null {
  const ctx: EvalContext = { env, scale: 0 };
  try {
    const value = ev(node, ctx);
    return { value, scale: ctx.scale };
  } catch (err) {
    if (err instanceof Undefined) return null;
    if (err instanceof Error && /DecimalError|Invalid/.test(err.message)) return null;
    throw err;
  }
}

/** Equal to within high-precision noise: 1e-35 relative, or 1e-38 of the largest cancelled term. */
export function decimalClose(a: { value: Dec; scale: number }, b: { value: Dec; scale: number }, rel = 1e-35): boolean {
  const diff = a.value.minus(b.value).abs();
  if (diff.isZero()) return true;
  const mag = D.max(a.value.abs(), b.value.abs());
  if (diff.lte(mag.times(rel))) return true;
  const scale = Math.max(a.scale, b.scale);
  return scale > 0 && diff.lte(new D(scale).times(rel * 1e-3));
}
