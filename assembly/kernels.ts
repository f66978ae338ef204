// The lab's non-matmul kernels in WebAssembly SIMD128: GELU, layer norm, bias sums and the
// KV-cache decoder's attention step. Compiled into the same module as sgemm.ts (one memory, one
// instance); every pointer is a byte address in that memory, every size is in elements.
//
// The plain-TypeScript versions in src/lab/tensor/ops are the reference these are tested against (test/lab/tensor/wasm-kernels.test.ts). Results are float32
// (the reference accumulates in float64), so they agree to ~1e-6 relative, not bit for bit.
//
// Row independence: every kernel computes a row (or an element) from that row alone, with the same
// operation sequence wherever the row sits, so a sample decoded alone is bit-identical to the same
// sample decoded inside a batch. Elementwise kernels run a vector tail through the same 4-lane code
// (padded), never a separate scalar formula, so an element's result does not depend on whether it
// fell into the tail.

// ---------------------------------------------------------------------------------------------
// exp for x ≤ 0 and tanh, on four lanes

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;

/** e^x for x ≤ 0 (softmax after subtracting the maximum); x below −87 is treated as −87 (e^x < 2e-38). */
// @ts-ignore: decorator
@inline
function expNeg4(x: v128): v128 {
  // pmax/pmin (one instruction each) instead of max/min (~8: NaN and ±0 rules); with x first they
  // give the same result for every x, NaN included, since the other operand is a nonzero constant.
  const c = f32x4.pmax(x, f32x4.splat(-87.0));
  const n = f32x4.nearest(f32x4.mul(c, f32x4.splat(LOG2E)));
  let r = f32x4.sub(c, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  // Cephes expf polynomial on |r| ≤ ln2/2.
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1.0));
  // 2^n for n in [−126, 0]: the float 2^23 + 127 + n holds the integer 127 + n in its low mantissa
  // bits; shifted up by 23 they are exactly the exponent field of 2^n (cheaper than a conversion).
  const pow2 = i32x4.shl(f32x4.add(n, f32x4.splat(8388735.0)), 23);
  return f32x4.mul(p, pow2);
}

/** e^x of one value through the four-lane code (so scalar and vector results agree bit for bit). */
// @ts-ignore: decorator
@inline
function expNeg(x: f32): f32 {
  return f32x4.extract_lane(expNeg4(f32x4.splat(x)), 0);
}

const TANH_CLAMP: f32 = 7.90531110763549805;

/** tanh as Eigen's float 13/6 rational function (3e-7 absolute), the same one as ops/fast-tanh.ts. */
// @ts-ignore: decorator
@inline
function tanh4(x: v128): v128 {
  const c = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-TANH_CLAMP)), f32x4.splat(TANH_CLAMP)); // see expNeg4
  const x2 = f32x4.mul(c, c);
  let p = f32x4.splat(-2.76076847742355e-16);
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(2.00018790482477e-13));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(-8.60467152213735e-11));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(5.12229709037114e-8));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(1.48572235717979e-5));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(6.37261928875436e-4));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(4.89352455891786e-3));
  let q = f32x4.splat(1.19825839466702e-6);
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(1.18534705686654e-4));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(2.268434632439e-3));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(4.89352518554385e-3));
  return f32x4.div(f32x4.mul(c, p), q);
}

/** Loads the last `n` (1–3) floats at `p` into lanes 0..n−1 (zeros elsewhere). */
function loadTail(p: usize, n: i32): v128 {
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (n > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (n > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

function storeTail(p: usize, v: v128, n: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** Horizontal sum in a fixed order: (l0 + l1) + (l2 + l3). */
// @ts-ignore: decorator
@inline
function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

// ---------------------------------------------------------------------------------------------
// GELU (tanh form)

const GELU_C: f32 = 0.7978845608028654; // √(2/π)
const GELU_A: f32 = 0.044715;

// @ts-ignore: decorator
@inline
function geluTanh4(v: v128): v128 {
  const v3 = f32x4.mul(f32x4.mul(v, v), v);
  return tanh4(f32x4.mul(f32x4.splat(GELU_C), f32x4.add(v, f32x4.mul(f32x4.splat(GELU_A), v3))));
}

/** y = gelu(x) over n elements; also t = tanh(…) into `t` when it is not 0 (kept for backward). */
export function geluForward(x: usize, y: usize, n: i32, t: usize): void {
  const half = f32x4.splat(0.5);
  const one = f32x4.splat(1.0);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    const th = geluTanh4(v);
    if (t != 0) v128.store(t + o, th);
    v128.store(y + o, f32x4.mul(f32x4.mul(half, v), f32x4.add(one, th)));
  }
  if (n4 < n) {
    const o = <usize>n4 << 2;
    const v = loadTail(x + o, n - n4);
    const th = geluTanh4(v);
    if (t != 0) storeTail(t + o, th, n - n4);
    storeTail(y + o, f32x4.mul(f32x4.mul(half, v), f32x4.add(one, th)), n - n4);
  }
}

// @ts-ignore: decorator
@inline
function geluGrad4(dy: v128, v: v128, th: v128): v128 {
  const half = f32x4.splat(0.5);
  const one = f32x4.splat(1.0);
  const dt = f32x4.mul(
    f32x4.mul(f32x4.sub(one, f32x4.mul(th, th)), f32x4.splat(GELU_C)),
    f32x4.add(one, f32x4.mul(f32x4.splat(3 * GELU_A), f32x4.mul(v, v))),
  );
  return f32x4.mul(dy, f32x4.add(f32x4.mul(half, f32x4.add(one, th)), f32x4.mul(f32x4.mul(half, v), dt)));
}

/** dx = dy · gelu'(x) with t the saved tanh; dx may alias dy. */
export function geluBackward(dy: usize, x: usize, t: usize, dx: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(dx + o, geluGrad4(v128.load(dy + o), v128.load(x + o), v128.load(t + o)));
  }
  if (n4 < n) {
    const o = <usize>n4 << 2;
    const r = n - n4;
    storeTail(dx + o, geluGrad4(loadTail(dy + o, r), loadTail(x + o, r), loadTail(t + o, r)), r);
  }
}

// ---------------------------------------------------------------------------------------------
// Layer norm

/** Sum of d floats at p: four lanes, then the tail in order. */
function rowSum(p: usize, d: i32): f32 {
  const d4 = d & ~3;
  let acc = f32x4.splat(0);
  for (let j = 0; j < d4; j += 4) acc = f32x4.add(acc, v128.load(p + (<usize>j << 2)));
  let s = hsum(acc);
  for (let j = d4; j < d; j++) s += load<f32>(p + (<usize>j << 2));
  return s;
}

/** y = (x − mean)·rstd·gamma + beta per row (rows × d); saves mean and rstd per row. */
export function layerNormForward(x: usize, gamma: usize, beta: usize, y: usize, mean: usize, rstd: usize, rows: i32, d: i32, eps: f32): void {
  const d4 = d & ~3;
  const invD: f32 = 1 / <f32>d;
  for (let r = 0; r < rows; r++) {
    const xr = x + ((<usize>(r * d)) << 2);
    const yr = y + ((<usize>(r * d)) << 2);
    const m = rowSum(xr, d) * invD;
    const mv = f32x4.splat(m);
    let acc = f32x4.splat(0);
    for (let j = 0; j < d4; j += 4) {
      const c = f32x4.sub(v128.load(xr + (<usize>j << 2)), mv);
      acc = f32x4.add(acc, f32x4.mul(c, c));
    }
    let v = hsum(acc);
    for (let j = d4; j < d; j++) {
      const c = load<f32>(xr + (<usize>j << 2)) - m;
      v += c * c;
    }
    const rs: f32 = 1 / Mathf.sqrt(v * invD + eps);
    store<f32>(mean + (<usize>r << 2), m);
    store<f32>(rstd + (<usize>r << 2), rs);
    const rv = f32x4.splat(rs);
    for (let j = 0; j < d4; j += 4) {
      const o = <usize>j << 2;
      const xh = f32x4.mul(f32x4.sub(v128.load(xr + o), mv), rv);
      v128.store(yr + o, f32x4.add(f32x4.mul(xh, v128.load(gamma + o)), v128.load(beta + o)));
    }
    for (let j = d4; j < d; j++) {
      const o = <usize>j << 2;
      store<f32>(yr + o, (load<f32>(xr + o) - m) * rs * load<f32>(gamma + o) + load<f32>(beta + o));
    }
  }
}

/** Backward of layerNormForward; ACCUMULATES into dx, dGamma and dBeta (like the reference). */
export function layerNormBackward(
  dy: usize,
  x: usize,
  gamma: usize,
  mean: usize,
  rstd: usize,
  dx: usize,
  dGamma: usize,
  dBeta: usize,
  rows: i32,
  d: i32,
): void {
  const d4 = d & ~3;
  const invD: f32 = 1 / <f32>d;
  for (let r = 0; r < rows; r++) {
    const ro = (<usize>(r * d)) << 2;
    const m = f32x4.splat(load<f32>(mean + (<usize>r << 2)));
    const rsS = load<f32>(rstd + (<usize>r << 2));
    const rs = f32x4.splat(rsS);
    let aG = f32x4.splat(0);
    let aGX = f32x4.splat(0);
    for (let j = 0; j < d4; j += 4) {
      const o = <usize>j << 2;
      const g0 = v128.load(dy + ro + o);
      const xh = f32x4.mul(f32x4.sub(v128.load(x + ro + o), m), rs);
      const g = f32x4.mul(g0, v128.load(gamma + o));
      aG = f32x4.add(aG, g);
      aGX = f32x4.add(aGX, f32x4.mul(g, xh));
      v128.store(dGamma + o, f32x4.add(v128.load(dGamma + o), f32x4.mul(g0, xh)));
      v128.store(dBeta + o, f32x4.add(v128.load(dBeta + o), g0));
    }
    let sumG = hsum(aG);
    let sumGX = hsum(aGX);
    const mS = f32x4.extract_lane(m, 0);
    for (let j = d4; j < d; j++) {
      const o = <usize>j << 2;
      const g0 = load<f32>(dy + ro + o);
      const xh = (load<f32>(x + ro + o) - mS) * rsS;
      const g = g0 * load<f32>(gamma + o);
      sumG += g;
      sumGX += g * xh;
      store<f32>(dGamma + o, load<f32>(dGamma + o) + g0 * xh);
      store<f32>(dBeta + o, load<f32>(dBeta + o) + g0);
    }
    const meanG = f32x4.splat(sumG * invD);
    const meanGX = f32x4.splat(sumGX * invD);
    for (let j = 0; j < d4; j += 4) {
      const o = <usize>j << 2;
      const xh = f32x4.mul(f32x4.sub(v128.load(x + ro + o), m), rs);
      const g = f32x4.mul(v128.load(dy + ro + o), v128.load(gamma + o));
      const upd = f32x4.mul(rs, f32x4.sub(f32x4.sub(g, meanG), f32x4.mul(xh, meanGX)));
      v128.store(dx + ro + o, f32x4.add(v128.load(dx + ro + o), upd));
    }
    const mG = sumG * invD;
    const mGX = sumGX * invD;
    for (let j = d4; j < d; j++) {
      const o = <usize>j << 2;
      const xh = (load<f32>(x + ro + o) - mS) * rsS;
      const g = load<f32>(dy + ro + o) * load<f32>(gamma + o);
      store<f32>(dx + ro + o, load<f32>(dx + ro + o) + rsS * (g - mG - xh * mGX));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// KV-cache decoding: one step of attention for a run of rows (samples of one prompt)

// Keys are cached in blocks of four positions, head-dim-major inside a block (element e of
// position p at block start + 4·e + p mod 4; src/lab/tensor/kernels.ts, KEY_BLOCK), so one f32x4
// multiply-add over a block's dim e advances the scores of four keys. Each key's score is always
// formed the same way — its lane of Σ_(e even) q_e·k_e plus its lane of Σ_(e odd) q_e·k_e, each in
// ascending e — whether its block is handled alone or with three others. The two partial sums halve
// the chain of dependent adds.

/** Scores (unscaled) of the four keys of the block at kb: q·k per lane. */
// @ts-ignore: decorator
@inline
function blockScores(q: usize, kb: usize, hd: i32): v128 {
  let ev = f32x4.splat(0);
  let od = f32x4.splat(0);
  let e = 0;
  for (; e + 2 <= hd; e += 2) {
    const qo = <usize>e << 2;
    const ko = <usize>e << 4;
    ev = f32x4.add(ev, f32x4.mul(v128.load32_splat(q + qo), v128.load(kb + ko)));
    od = f32x4.add(od, f32x4.mul(v128.load32_splat(q + qo, 4), v128.load(kb + ko, 16)));
  }
  if (e < hd) ev = f32x4.add(ev, f32x4.mul(v128.load32_splat(q + (<usize>e << 2)), v128.load(kb + (<usize>e << 4))));
  return f32x4.add(ev, od);
}

/** Scaled scores of the four blocks at kb, kb + bs, kb + 2·bs, kb + 3·bs, stored from `out` on. */
function fourBlockScores(q: usize, kb: usize, bs: usize, hd: i32, scale: v128, out: usize): void {
  const k1 = kb + bs;
  const k2 = k1 + bs;
  const k3 = k2 + bs;
  let e0 = f32x4.splat(0), o0 = f32x4.splat(0);
  let e1 = f32x4.splat(0), o1 = f32x4.splat(0);
  let e2 = f32x4.splat(0), o2 = f32x4.splat(0);
  let e3 = f32x4.splat(0), o3 = f32x4.splat(0);
  let e = 0;
  for (; e + 2 <= hd; e += 2) {
    const qo = <usize>e << 2;
    const ko = <usize>e << 4;
    const qe = v128.load32_splat(q + qo);
    const qd = v128.load32_splat(q + qo, 4);
    e0 = f32x4.add(e0, f32x4.mul(qe, v128.load(kb + ko)));
    o0 = f32x4.add(o0, f32x4.mul(qd, v128.load(kb + ko, 16)));
    e1 = f32x4.add(e1, f32x4.mul(qe, v128.load(k1 + ko)));
    o1 = f32x4.add(o1, f32x4.mul(qd, v128.load(k1 + ko, 16)));
    e2 = f32x4.add(e2, f32x4.mul(qe, v128.load(k2 + ko)));
    o2 = f32x4.add(o2, f32x4.mul(qd, v128.load(k2 + ko, 16)));
    e3 = f32x4.add(e3, f32x4.mul(qe, v128.load(k3 + ko)));
    o3 = f32x4.add(o3, f32x4.mul(qd, v128.load(k3 + ko, 16)));
  }
  if (e < hd) {
    const ko = <usize>e << 4;
    const qe = v128.load32_splat(q + (<usize>e << 2));
    e0 = f32x4.add(e0, f32x4.mul(qe, v128.load(kb + ko)));
    e1 = f32x4.add(e1, f32x4.mul(qe, v128.load(k1 + ko)));
    e2 = f32x4.add(e2, f32x4.mul(qe, v128.load(k2 + ko)));
    e3 = f32x4.add(e3, f32x4.mul(qe, v128.load(k3 + ko)));
  }
  v128.store(out, f32x4.mul(f32x4.add(e0, o0), scale));
  v128.store(out, f32x4.mul(f32x4.add(e1, o1), scale), 16);
  v128.store(out, f32x4.mul(f32x4.add(e2, o2), scale), 32);
  v128.store(out, f32x4.mul(f32x4.add(e3, o3), scale), 48);
}

/**
 * Scaled scores of the first n cached keys at kb (blocked) into out[0 … 4·⌈n/4⌉). The last block's
 * lanes past n are computed from whatever the cache holds there: the caller overwrites or ignores them.
 */
function scoreKeys(q: usize, kb: usize, n: i32, hd: i32, scale: v128, out: usize): void {
  const blocks = (n + 3) >> 2;
  const bs = (<usize>hd) << 4;
  let b = 0;
  for (; b + 4 <= blocks; b += 4) fourBlockScores(q, kb + <usize>b * bs, bs, hd, scale, out + (<usize>b << 4));
  for (; b < blocks; b++) v128.store(out + (<usize>b << 4), f32x4.mul(blockScores(q, kb + <usize>b * bs, hd), scale));
}

/** Largest of n ≥ 1 floats at p. */
function maxOf(p: usize, n: i32): f32 {
  const n4 = n & ~3;
  let top: f32 = -Infinity;
  if (n4 > 0) {
    let mv = v128.load(p);
    for (let j = 4; j < n4; j += 4) mv = f32x4.pmax(mv, v128.load(p + (<usize>j << 2)));
    top = max(max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
  }
  for (let j = n4; j < n; j++) {
    const v = load<f32>(p + (<usize>j << 2));
    top = v > top ? v : top;
  }
  return top;
}

/** p[j] = e^(p[j] − max) for n floats; returns their sum (lanes, then tail, in a fixed order). */
function expInPlace(p: usize, n: i32, max: f32): f32 {
  const mv = f32x4.splat(max);
  const n4 = n & ~3;
  let acc = f32x4.splat(0);
  for (let j = 0; j < n4; j += 4) {
    const o = <usize>j << 2;
    const e = expNeg4(f32x4.sub(v128.load(p + o), mv));
    v128.store(p + o, e);
    acc = f32x4.add(acc, e);
  }
  let s = hsum(acc);
  for (let j = n4; j < n; j++) {
    const o = <usize>j << 2;
    const e = expNeg(load<f32>(p + o) - max);
    store<f32>(p + o, e);
    s += e;
  }
  return s;
}

/**
 * y[0 … hd) = (Σ_j w_j · a_j + Σ_j w_(nA+j) · b_j) · inv: weights w at `w`, nA value rows at `a`
 * then nB at `b` (row stride hd), each output adding its terms in that order.
 */
function weightedRows(w: usize, a: usize, nA: i32, b: usize, nB: i32, hd: i32, inv: f32, y: usize): void {
  const rowBytes = <usize>hd << 2;
  const iv = f32x4.splat(inv);
  const n = nA + nB;
  let e = 0;
  // Thirty-two output lanes at a time (eight accumulators), each weight broadcast once.
  for (; e + 32 <= hd; e += 32) {
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
    let vp = a + (<usize>e << 2);
    for (let j = 0; j < n; j++) {
      if (j == nA) vp = b + (<usize>e << 2);
      const pj = v128.load32_splat(w + (<usize>j << 2));
      a0 = f32x4.add(a0, f32x4.mul(pj, v128.load(vp)));
      a1 = f32x4.add(a1, f32x4.mul(pj, v128.load(vp, 16)));
      a2 = f32x4.add(a2, f32x4.mul(pj, v128.load(vp, 32)));
      a3 = f32x4.add(a3, f32x4.mul(pj, v128.load(vp, 48)));
      a4 = f32x4.add(a4, f32x4.mul(pj, v128.load(vp, 64)));
      a5 = f32x4.add(a5, f32x4.mul(pj, v128.load(vp, 80)));
      a6 = f32x4.add(a6, f32x4.mul(pj, v128.load(vp, 96)));
      a7 = f32x4.add(a7, f32x4.mul(pj, v128.load(vp, 112)));
      vp += rowBytes;
    }
    const yo = y + (<usize>e << 2);
    v128.store(yo, f32x4.mul(a0, iv));
    v128.store(yo, f32x4.mul(a1, iv), 16);
    v128.store(yo, f32x4.mul(a2, iv), 32);
    v128.store(yo, f32x4.mul(a3, iv), 48);
    v128.store(yo, f32x4.mul(a4, iv), 64);
    v128.store(yo, f32x4.mul(a5, iv), 80);
    v128.store(yo, f32x4.mul(a6, iv), 96);
    v128.store(yo, f32x4.mul(a7, iv), 112);
  }
  // Four output lanes at a time.
  for (; e + 4 <= hd; e += 4) {
    let acc = f32x4.splat(0);
    let vp = a + (<usize>e << 2);
    for (let j = 0; j < n; j++) {
      if (j == nA) vp = b + (<usize>e << 2);
      acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(w + (<usize>j << 2)), v128.load(vp)));
      vp += rowBytes;
    }
    v128.store(y + (<usize>e << 2), f32x4.mul(acc, iv));
  }
  for (; e < hd; e++) {
    let acc: f32 = 0;
    for (let j = 0; j < nA; j++) acc += load<f32>(w + (<usize>j << 2)) * load<f32>(a + ((<usize>(j * hd + e)) << 2));
    for (let j = 0; j < nB; j++) acc += load<f32>(w + (<usize>(nA + j) << 2)) * load<f32>(b + ((<usize>(j * hd + e)) << 2));
    store<f32>(y + (<usize>e << 2), acc * inv);
  }
}

/**
 * One decode step of attention for `c` rows that share prompt `g`'s cached prefix. For each row i
 * (slot slots[i]) and head h:
 *  1. append the row's k (blocked) and v to the slot's own caches at position `step`;
 *  2. score q against the prefix's Pg keys and the row's own keys 0 … step, scaled;
 *  3. one softmax over all of them (max, exp, sum), left unnormalized;
 *  4. y_h = (Σ_j e_j · v_j over the prefix values, then the own values) / Σ_j e_j.
 * Layouts (floats): qkv rows c × 3d (q | k | v, heads side by side), y rows c × d;
 *   kPre [group, head, P, hd] blocked, vPre [group, head, P, hd]; kOwn [slot, head, S, hd]
 *   blocked, vOwn [slot, head, S, hd]; P and S are multiples of 4. `scratch` holds P + S + 4 floats.
 * A row's result depends on that row (and the caches) alone, so it is the same in any batch.
 */
export function decodeAttention(
  qkv: usize,
  y: usize,
  kPre: usize,
  vPre: usize,
  kOwn: usize,
  vOwn: usize,
  slots: usize,
  c: i32,
  H: i32,
  hd: i32,
  g: i32,
  P: i32,
  Pg: i32,
  S: i32,
  step: i32,
  scale: f32,
  scratch: usize,
): void {
  const d = H * hd;
  const own = step + 1;
  const lane = step & 3;
  const sv = f32x4.splat(scale);
  const headBytes = (<usize>hd) << 2;
  const n = Pg + own;
  const ownScores = scratch + (<usize>Pg << 2);
  for (let i = 0; i < c; i++) {
    const slot = load<i32>(slots + (<usize>i << 2));
    const row = qkv + ((<usize>(i * 3 * d)) << 2);
    for (let h = 0; h < H; h++) {
      const q = row + <usize>h * headBytes;
      const ks = q + ((<usize>d) << 2);
      const base = (<usize>((slot * H + h) * S * hd)) << 2;
      const kb = kOwn + base + ((<usize>((step - lane) * hd + lane)) << 2);
      for (let e = 0; e < hd; e++) store<f32>(kb + (<usize>e << 4), load<f32>(ks + (<usize>e << 2)));
      copyFloats(vOwn + base + ((<usize>(step * hd)) << 2), ks + ((<usize>d) << 2), hd);
      const pre = (<usize>((g * H + h) * P * hd)) << 2;
      // Prefix scores first: the lanes of its last block past Pg are then overwritten by own scores.
      scoreKeys(q, kPre + pre, Pg, hd, sv, scratch);
      scoreKeys(q, kOwn + base, own, hd, sv, ownScores);
      const sum = expInPlace(scratch, n, maxOf(scratch, n));
      weightedRows(scratch, vPre + pre, Pg, vOwn + base, own, hd, 1 / sum, y + ((<usize>(i * d + h * hd)) << 2));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Bias and residual (no arithmetic beyond one add, so results are exact)

function copyFloats(dst: usize, src: usize, n: i32): void {
  const n4 = n & ~3;
  for (let j = 0; j < n4; j += 4) v128.store(dst + (<usize>j << 2), v128.load(src + (<usize>j << 2)));
  for (let j = n4; j < n; j++) store<f32>(dst + (<usize>j << 2), load<f32>(src + (<usize>j << 2)));
}

/**
 * out[r, j] = x[r, j] + bias[j] (just bias[j] when x is 0), rows × n: the starting value of a gemm
 * that then accumulates, so bias and residual need no pass of their own. out may alias x.
 */
export function rowsPlusBias(x: usize, bias: usize, out: usize, rows: i32, n: i32): void {
  const n4 = n & ~3;
  for (let r = 0; r < rows; r++) {
    const ro = (<usize>(r * n)) << 2;
    if (x == 0) {
      copyFloats(out + ro, bias, n);
      continue;
    }
    for (let j = 0; j < n4; j += 4) {
      const o = <usize>j << 2;
      v128.store(out + ro + o, f32x4.add(v128.load(x + ro + o), v128.load(bias + o)));
    }
    for (let j = n4; j < n; j++) {
      const o = <usize>j << 2;
      store<f32>(out + ro + o, load<f32>(x + ro + o) + load<f32>(bias + o));
    }
  }
}

/** db[j] += Σ_r dy[r, j], rows added in ascending order (a bias gradient). */
export function columnSums(dy: usize, db: usize, rows: i32, n: i32): void {
  const n4 = n & ~3;
  for (let j = 0; j < n4; j += 4) {
    const o = <usize>j << 2;
    let acc = v128.load(db + o);
    for (let r = 0; r < rows; r++) acc = f32x4.add(acc, v128.load(dy + ((<usize>(r * n)) << 2) + o));
    v128.store(db + o, acc);
  }
  for (let j = n4; j < n; j++) {
    const o = <usize>j << 2;
    let acc = load<f32>(db + o);
    for (let r = 0; r < rows; r++) acc += load<f32>(dy + ((<usize>(r * n)) << 2) + o);
    store<f32>(db + o, acc);
  }
}
