import type { Rng } from './rng.js';

/**
 * Special functions the Bayesian and exact-tail analyses need, in plain float64: log-gamma,
 * log-beta, log binomial coefficients, the standard normal quantile, and gamma/beta draws.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error ≈ 1e-15 over the range the analyses use). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0 (got ${x})`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** ln(i!) for i = 0..n, so hypergeometric terms at n in the thousands stay finite. */
export function logFactorialTable(n: number): Float64Array {
  const t = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) t[i] = t[i - 1]! + Math.log(i);
  return t;
}

/** ln C(a, b) from a log-factorial table (−∞ outside 0 ≤ b ≤ a). */
export function logChoose(lf: Float64Array, a: number, b: number): number {
  if (b < 0 || b > a) return -Infinity;
  return lf[a]! - lf[b]! - lf[a - b]!;
}

/**
 * Standard normal quantile Φ⁻¹(p) (Acklam's rational approximation, relative error below 1.2e-9 —
 * far below what an interval's width can show).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normal quantile needs 0 < p < 1 (got ${p})`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  let x: number;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - lo) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  return x;
}

/** A standard normal draw (Box–Muller; one of the pair is discarded to keep the stream simple). */
export function drawNormal(rng: Rng): number {
  let u = rng.nextFloat();
  while (u === 0) u = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
}

/**
 * ln of a Gamma(shape, 1) draw (Marsaglia–Tsang). For shape < 1 the draw is G(shape + 1)·U^(1/shape),
 * kept in logs: with the shapes a heavy-tailed prior fits (≈ 0.05) U^(1/shape) underflows to 0.
 */
export function drawLogGamma(rng: Rng, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0 (got ${shape})`);
  if (shape < 1) {
    let u = rng.nextFloat();
    while (u === 0) u = rng.nextFloat();
    return drawLogGamma(rng, shape + 1) + Math.log(u) / shape;
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = drawNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.nextFloat();
    if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return Math.log(d * v);
  }
}

/**
 * ln p and ln(1 − p) of a Beta(a, b) draw p, from two gamma draws: logs keep (1 − p)^k accurate
 * when p is tiny, which is exactly where pass@k beyond n is decided.
 */
export function drawLogBeta(rng: Rng, a: number, b: number): { logP: number; log1mP: number } {
  const x = drawLogGamma(rng, a);
  const y = drawLogGamma(rng, b);
  const m = Math.max(x, y);
  const s = m + Math.log(Math.exp(x - m) + Math.exp(y - m));
  return { logP: x - s, log1mP: y - s };
}
