/**
 * Exact rational numbers over BigInt. Exact values are never routed through floating point,
 * so `1/2^99` and `1/2^98` stay different however small they are.
 */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint; // always > 0, gcd(n, d) = 1
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function rat(n: bigint, d: bigint = 1n): Rational {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g === 1n || g === 0n ? { n, d } : { n: n / g, d: d / g };
}

export const ZERO = rat(0n);
export const ONE = rat(1n);

export const add = (a: Rational, b: Rational): Rational => rat(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational => rat(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => rat(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational): Rational => rat(a.n * b.d, a.d * b.n);
export const neg = (a: Rational): Rational => ({ n: -a.n, d: a.d });
export const eq = (a: Rational, b: Rational): boolean => a.n === b.n && a.d === b.d;
export const isZero = (a: Rational): boolean => a.n === 0n;
export const isInt = (a: Rational): boolean => a.d === 1n;
export const cmp = (a: Rational, b: Rational): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};

/** Bit size of a rational; the exact layer refuses to build numbers past a budget. */
export const bits = (a: Rational): number => (a.n < 0n ? -a.n : a.n).toString(16).length * 4 + a.d.toString(16).length * 4;

/** Parses a plain decimal literal ("12", "-0.25", "3.", ".5", "4.5e33") exactly. */
export function parseDecimal(s: string): Rational | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,6}))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const frac = m[3] ?? '';
  let n = BigInt((m[2] || '0') + frac);
  let d = 10n ** BigInt(frac.length);
  const e = m[4] ? Number(m[4]) : 0;
  if (Math.abs(e) > 4000) return null;
  if (e > 0) n *= 10n ** BigInt(e);
  else if (e < 0) d *= 10n ** BigInt(-e);
  return rat(m[1] === '-' ? -n : n, d);
}

/** Integer square root (floor) of a non-negative BigInt. */
export function isqrt(x: bigint): bigint {
  if (x < 2n) return x;
  let r = BigInt(Math.floor(Math.sqrt(Number(x))));
  // Newton steps fix the float estimate for large values.
  for (;;) {
    const next = (r + x / r) >> 1n;
    if (next >= r && r * r <= x && (r + 1n) * (r + 1n) > x) return r;
    if (next === r) break;
    r = next;
  }
  while (r * r > x) r -= 1n;
  while ((r + 1n) * (r + 1n) <= x) r += 1n;
  return r;
}

/** Exact k-th root of a non-negative integer, or null when it is not a perfect power. */
export function exactRoot(x: bigint, k: number): bigint | null {
  if (x < 0n) return null;
  if (k === 2) {
    const r = isqrt(x);
    return r * r === x ? r : null;
  }
  if (x < 2n) return x;
  let r = BigInt(Math.round(Math.pow(Number(x), 1 / k)));
  for (const c of [r - 1n, r, r + 1n]) if (c >= 0n && c ** BigInt(k) === x) return c;
  // Fall back to binary search for values beyond double range.
  let lo = 0n;
  let hi = 1n << BigInt(Math.ceil(x.toString(2).length / k) + 1);
  while (lo <= hi) {
    r = (lo + hi) >> 1n;
    const p = r ** BigInt(k);
    if (p === x) return r;
    if (p < x) lo = r + 1n;
    else hi = r - 1n;
  }
  return null;
}

export function toNumber(a: Rational): number {
  return Number(a.n) / Number(a.d);
}

export function toString(a: Rational): string {
  return a.d === 1n ? a.n.toString() : `${a.n}/${a.d}`;
}
