import type { Node } from './ast.js';
import * as Q from './rational.js';
import type { Rational } from './rational.js';

/** A Gaussian rational re + im·i: the exact value of a closed-form answer when it has one. */
export interface Exact {
  re: Rational;
  im: Rational;
}

/** Refuse to build exact numbers larger than this many bits (10^{10^{10}} has 3·10^10). */
const MAX_BITS = 200_000;
const real = (re: Rational): Exact => ({ re, im: Q.ZERO });
const isReal = (x: Exact): boolean => Q.isZero(x.im);

function cmul(a: Exact, b: Exact): Exact {
  return { re: Q.sub(Q.mul(a.re, b.re), Q.mul(a.im, b.im)), im: Q.add(Q.mul(a.re, b.im), Q.mul(a.im, b.re)) };
}

function cdiv(a: Exact, b: Exact): Exact | null {
  const den = Q.add(Q.mul(b.re, b.re), Q.mul(b.im, b.im));
  if (Q.isZero(den)) return null;
  const num = cmul(a, { re: b.re, im: Q.neg(b.im) });
  return { re: Q.div(num.re, den), im: Q.div(num.im, den) };
}

/** Thrown when an exact value would exceed the size budget: such answers are never called equal by rounding. */
export class TooLarge extends Error {}

function tooBig(x: Exact): boolean {
  if (Q.bits(x.re) + Q.bits(x.im) > MAX_BITS) throw new TooLarge();
  return false;
}

function intPow(base: Exact, e: bigint): Exact | null {
  const neg = e < 0n;
  let k = neg ? -e : e;
  const approxBits = (Q.bits(base.re) + Q.bits(base.im)) * Number(k);
  if (approxBits > MAX_BITS * 2) throw new TooLarge();
  let result: Exact = real(Q.ONE);
  let b = base;
  while (k > 0n) {
    if (k & 1n) result = cmul(result, b);
    k >>= 1n;
    if (k > 0n) b = cmul(b, b);
    if (tooBig(result) || tooBig(b)) return null;
  }
  return neg ? cdiv(real(Q.ONE), result) : result;
}

/** Exact k-th root of a non-negative rational, or null. */
function ratRoot(x: Rational, k: number): Rational | null {
  if (x.n < 0n) return null;
  const n = Q.exactRoot(x.n, k);
  const d = Q.exactRoot(x.d, k);
  return n !== null && d !== null ? Q.rat(n, d) : null;
}

function realArg(node: Node): Rational | null {
  const v = exact(node);
  return v && isReal(v) ? v.re : null;
}

function factorial(n: bigint): bigint {
  let r = 1n;
  for (let i = 2n; i <= n; i++) r *= i;
  return r;
}

/**
 * The exact value of a variable-free expression built from rationals, i, + − × ÷, integer
 * powers, perfect roots, factorials and binomials — or null when the value is not a Gaussian
 * rational (π, √2, logs) or would be too large to build.
 */
export function exact(node: Node): Exact | null {
  switch (node.t) {
    case 'num':
      return real(node.v);
    case 'const':
      return node.name === 'i' ? { re: Q.ZERO, im: Q.ONE } : null;
    case 'add': {
      let re = Q.ZERO;
      let im = Q.ZERO;
      for (const x of node.xs) {
        const v = exact(x);
        if (!v) return null;
        re = Q.add(re, v.re);
        im = Q.add(im, v.im);
      }
      return { re, im };
    }
    case 'mul': {
      let acc: Exact = real(Q.ONE);
      for (const x of node.xs) {
        const v = exact(x);
        if (!v) return null;
        acc = cmul(acc, v);
        if (tooBig(acc)) return null;
      }
      return acc;
    }
    case 'neg': {
      const v = exact(node.a);
      return v ? { re: Q.neg(v.re), im: Q.neg(v.im) } : null;
    }
    case 'div': {
      const a = exact(node.a);
      const b = a && exact(node.b);
      return a && b ? cdiv(a, b) : null;
    }
    case 'percent': {
      const a = exact(node.a);
      return a ? { re: Q.div(a.re, Q.rat(100n)), im: Q.div(a.im, Q.rat(100n)) } : null;
    }
    case 'pow': {
      const b = exact(node.a);
      const e = b && realArg(node.b);
      if (!b || !e) return null;
      if (Q.isInt(e)) {
        if (Q.isZero(b.re) && Q.isZero(b.im) && e.n <= 0n) return null;
        return intPow(b, e.n);
      }
      // Rational exponent of a positive rational: exact only when the root is exact.
      if (!isReal(b) || b.re.n < 0n || e.d > 64n) return null;
      const root = ratRoot(b.re, Number(e.d));
      return root ? intPow(real(root), e.n) : null;
    }
    case 'fn':
      return exactFn(node.name, node.args);
    default:
      return null;
  }
}

function exactFn(name: string, args: Node[]): Exact | null {
  switch (name) {
    case 'sqrt': {
      const x = realArg(args[0]);
      if (!x) return null;
      if (x.n >= 0n) {
        const r = ratRoot(x, 2);
        return r ? real(r) : null;
      }
      const r = ratRoot(Q.neg(x), 2);
      return r ? { re: Q.ZERO, im: r } : null;
    }
    case 'root': {
      const x = realArg(args[0]);
      const k = realArg(args[1]);
      if (!x || !k || !Q.isInt(k) || k.n < 1n || k.n > 64n) return null;
      if (x.n < 0n) {
        if (k.n % 2n === 0n) return null;
        const r = ratRoot(Q.neg(x), Number(k.n));
        return r ? real(Q.neg(r)) : null;
      }
      const r = ratRoot(x, Number(k.n));
      return r ? real(r) : null;
    }
    case 'abs': {
      const x = exact(args[0]);
      if (!x) return null;
      if (isReal(x)) return real(x.re.n < 0n ? Q.neg(x.re) : x.re);
      const sq = Q.add(Q.mul(x.re, x.re), Q.mul(x.im, x.im));
      const r = ratRoot(sq, 2);
      return r ? real(r) : null;
    }
    case 'fact': {
      const x = realArg(args[0]);
      if (!x || !Q.isInt(x) || x.n < 0n) return null;
      if (x.n > 5000n) throw new TooLarge();
      return real(Q.rat(factorial(x.n)));
    }
    case 'binom': {
      const n = realArg(args[0]);
      const k = realArg(args[1]);
      if (!n || !k || !Q.isInt(n) || !Q.isInt(k) || n.n < 0n || n.n > 5000n) return null;
      if (k.n < 0n || k.n > n.n) return real(Q.ZERO);
      let r = 1n;
      for (let i = 0n; i < k.n; i++) r = (r * (n.n - i)) / (i + 1n);
      return real(Q.rat(r));
    }
    case 'floor':
    case 'ceil': {
      const x = realArg(args[0]);
      if (!x) return null;
      let q = x.n / x.d;
      if (name === 'floor' && x.n < 0n && q * x.d !== x.n) q -= 1n;
      if (name === 'ceil' && x.n > 0n && q * x.d !== x.n) q += 1n;
      return real(Q.rat(q));
    }
    default:
      return null;
  }
}

export function exactEqual(a: Exact, b: Exact): boolean {
  return Q.eq(a.re, b.re) && Q.eq(a.im, b.im);
}
