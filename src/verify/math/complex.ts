import type { Node } from './ast.js';
import { toNumber } from './rational.js';
import { Undefined, undef } from './undefined-value.js';

/** Double-precision complex evaluation, for the few answers that are complex and not Gaussian rationals. */
export interface C {
  re: number;
  im: number;
}

const c = (re: number, im = 0): C => ({ re, im });
const mul = (a: C, b: C): C => c(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
function div(a: C, b: C): C {
  const d = b.re * b.re + b.im * b.im;
  if (d === 0) undef();
  return c((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d);
}
const cexp = (a: C): C => {
  const m = Math.exp(a.re);
  return c(m * Math.cos(a.im), m * Math.sin(a.im));
};
function clog(a: C): C {
  if (a.re === 0 && a.im === 0) undef();
  return c(Math.log(Math.hypot(a.re, a.im)), Math.atan2(a.im, a.re));
}
function cpow(a: C, b: C): C {
  if (b.im === 0 && Number.isInteger(b.re) && Math.abs(b.re) <= 64) {
    let r = c(1);
    for (let k = 0; k < Math.abs(b.re); k++) r = mul(r, a);
    return b.re < 0 ? div(c(1), r) : r;
  }
  if (a.re === 0 && a.im === 0) return b.re > 0 ? c(0) : undef();
  return cexp(mul(b, clog(a)));
}
const csin = (a: C): C => c(Math.sin(a.re) * Math.cosh(a.im), Math.cos(a.re) * Math.sinh(a.im));
const ccos = (a: C): C => c(Math.cos(a.re) * Math.cosh(a.im), -Math.sin(a.re) * Math.sinh(a.im));

function ev(node: Node, scale: { v: number }, env: Map<string, number>): C {
  switch (node.t) {
    case 'num':
      return c(toNumber(node.v));
    case 'var': {
      const v = env.get(node.name);
      return v === undefined ? undef() : c(v);
    }
    case 'const':
      return node.name === 'pi' ? c(Math.PI) : node.name === 'e' ? c(Math.E) : node.name === 'i' ? c(0, 1) : undef();
    case 'add': {
      let s = c(0);
      for (const x of node.xs) {
        const v = ev(x, scale, env);
        scale.v = Math.max(scale.v, Math.hypot(v.re, v.im));
        s = c(s.re + v.re, s.im + v.im);
      }
      return s;
    }
    case 'mul':
      return node.xs.reduce((p, x) => mul(p, ev(x, scale, env)), c(1));
    case 'neg': {
      const v = ev(node.a, scale, env);
      return c(-v.re, -v.im);
    }
    case 'percent': {
      const v = ev(node.a, scale, env);
      return c(v.re / 100, v.im / 100);
    }
    case 'div':
      return div(ev(node.a, scale, env), ev(node.b, scale, env));
    case 'pow':
      return cpow(ev(node.a, scale, env), ev(node.b, scale, env));
    case 'fn': {
      const xs = node.args.map((a) => ev(a, scale, env));
      const x = xs[0];
      switch (node.name) {
        case 'sqrt':
          return cpow(x, c(0.5));
        case 'exp':
          return cexp(x);
        case 'ln':
        case 'log':
          return clog(x);
        case 'sin':
          return csin(x);
        case 'cos':
          return ccos(x);
        case 'tan':
          return div(csin(x), ccos(x));
        case 'abs':
          return c(Math.hypot(x.re, x.im));
        default:
          return undef();
      }
    }
    default:
      return undef();
  }
}

export function evalComplex(node: Node, env: Map<string, number> = new Map()): { value: C; scale: number } | null {
  const scale = { v: 0 };
  try {
    const value = ev(node, scale, env);
    if (!Number.isFinite(value.re) || !Number.isFinite(value.im)) return null;
    return { value, scale: scale.v };
  } catch (err) {
    if (err instanceof Undefined) return null;
    throw err;
  }
}

export function complexClose(a: { value: C; scale: number }, b: { value: C; scale: number }): boolean {
  const diff = Math.hypot(a.value.re - b.value.re, a.value.im - b.value.im);
  const mag = Math.max(Math.hypot(a.value.re, a.value.im), Math.hypot(b.value.re, b.value.im));
  return diff <= 1e-10 * mag || diff <= 1e-13 * Math.max(a.scale, b.scale);
}
