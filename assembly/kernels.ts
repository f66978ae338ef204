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
  let i = 0;
  // Two vectors per pass: two independent chains through the rational tanh (its divide is slow).
  for (; i + 8 <= n4; i += 8) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    const w = v128.load(x + o, 16);
    const th = geluTanh4(v);
    const tw = geluTanh4(w);
    if (t != 0) {
      v128.store(t + o, th);
      v128.store(t + o, tw, 16);
    }
    v128.store(y + o, f32x4.mul(f32x4.mul(half, v), f32x4.add(one, th)));
    v128.store(y + o, f32x4.mul(f32x4.mul(half, w), f32x4.add(one, tw)), 16);
  }
  for (; i < n4; i += 4) {
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
// multiply-add over a block's dim e advances the scores of four keys.
//
// Register budget: V8 keeps 15 xmm registers usable and loads a loop's operands up front, so a loop
// body stays within ~14 live vectors or it spills an accumulator (a store-to-load round trip on
// every iteration). Both loops below therefore add products in PAIRS — acc += (x·u + y·v) — which
// halves the chain of dependent adds with 4 accumulators instead of 8. A key's score is always
// Σ over dim pairs (q_e·k_e + q_(e+1)·k_(e+1)), pairs in ascending e, an odd last dim alone, then
// × scale; an output of the weighted sum is Σ over position pairs likewise. Neither depends on
// which other rows, blocks or positions share the pass.

/**
 * Scaled scores of four key blocks (k0 … k3, blocked layout) stored to o0 … o3 in that order.
 * Callers pass a block twice (same address, same output) to fill a group.
 */
function fourBlockScores(q: usize, k0: usize, k1: usize, k2: usize, k3: usize, o0: usize, o1: usize, o2: usize, o3: usize, hd: i32, scale: v128): void {
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let a2 = f32x4.splat(0);
  let a3 = f32x4.splat(0);
  let e = 0;
  for (; e + 2 <= hd; e += 2) {
    const qo = <usize>e << 2;
    const ko = <usize>e << 4;
    const x = v128.load32_splat(q + qo);
    const y = v128.load32_splat(q + qo, 4);
    a0 = f32x4.add(a0, f32x4.add(f32x4.mul(x, v128.load(k0 + ko)), f32x4.mul(y, v128.load(k0 + ko, 16))));
    a1 = f32x4.add(a1, f32x4.add(f32x4.mul(x, v128.load(k1 + ko)), f32x4.mul(y, v128.load(k1 + ko, 16))));
    a2 = f32x4.add(a2, f32x4.add(f32x4.mul(x, v128.load(k2 + ko)), f32x4.mul(y, v128.load(k2 + ko, 16))));
    a3 = f32x4.add(a3, f32x4.add(f32x4.mul(x, v128.load(k3 + ko)), f32x4.mul(y, v128.load(k3 + ko, 16))));
  }
  if (e < hd) {
    const ko = <usize>e << 4;
    const x = v128.load32_splat(q + (<usize>e << 2));
    a0 = f32x4.add(a0, f32x4.mul(x, v128.load(k0 + ko)));
    a1 = f32x4.add(a1, f32x4.mul(x, v128.load(k1 + ko)));
    a2 = f32x4.add(a2, f32x4.mul(x, v128.load(k2 + ko)));
    a3 = f32x4.add(a3, f32x4.mul(x, v128.load(k3 + ko)));
  }
  v128.store(o0, f32x4.mul(a0, scale));
  v128.store(o1, f32x4.mul(a1, scale));
  v128.store(o2, f32x4.mul(a2, scale));
  v128.store(o3, f32x4.mul(a3, scale));
}

/**
 * Scaled scores of the prefix's nA keys (blocked at `a`) then the own nB keys (blocked at `b`) into
 * out[0 … nA) and out[nA … nA + nB): one stream of key blocks, four per pass. A block's four lanes
 * are stored together, so lanes past the last key are written too (with whatever the cache holds
 * there); blocks are stored in stream order, so the own scores overwrite the prefix's extra lanes.
 * `out` needs room for 4·⌈nA/4⌉ and for nA + 4·⌈nB/4⌉ floats.
 */
function scoreKeys(q: usize, a: usize, nA: i32, b: usize, nB: i32, hd: i32, scale: v128, out: usize): void {
  const blocksA = (nA + 3) >> 2;
  const blocks = blocksA + ((nB + 3) >> 2);
  const bs = (<usize>hd) << 4;
  const outB = out + (<usize>nA << 2);
  for (let g = 0; g < blocks; g += 4) {
    // Block g + t of the stream (the last one again past the end): its keys and its output.
    const t1 = min(g + 1, blocks - 1);
    const t2 = min(g + 2, blocks - 1);
    const t3 = min(g + 3, blocks - 1);
    fourBlockScores(
      q,
      keyBlock(a, b, blocksA, g, bs), keyBlock(a, b, blocksA, t1, bs), keyBlock(a, b, blocksA, t2, bs), keyBlock(a, b, blocksA, t3, bs),
      scoreSlot(out, outB, blocksA, g), scoreSlot(out, outB, blocksA, t1), scoreSlot(out, outB, blocksA, t2), scoreSlot(out, outB, blocksA, t3),
      hd, scale,
    );
  }
}

// @ts-ignore: decorator
@inline
function keyBlock(a: usize, b: usize, blocksA: i32, t: i32, bs: usize): usize {
  return t < blocksA ? a + <usize>t * bs : b + <usize>(t - blocksA) * bs;
}

// @ts-ignore: decorator
@inline
function scoreSlot(out: usize, outB: usize, blocksA: i32, t: i32): usize {
  return t < blocksA ? out + (<usize>t << 4) : outB + (<usize>(t - blocksA) << 4);
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

/** Value row j of the stream: the nA rows at `a`, then the rows at `b` (stride rowBytes). */
// @ts-ignore: decorator
@inline
function valueRow(a: usize, b: usize, nA: i32, j: i32, rowBytes: usize): usize {
  return j < nA ? a + <usize>j * rowBytes : b + <usize>(j - nA) * rowBytes;
}

/**
 * y[0 … hd) = (Σ_j w_j · r_j) · inv over the n = nA + nB value rows r (nA at `a`, then nB at `b`,
 * row stride hd), weights w at `w`. Sixteen output lanes per pass, positions in pairs.
 */
function weightedRows(w: usize, a: usize, nA: i32, b: usize, nB: i32, hd: i32, inv: f32, y: usize): void {
  const rowBytes = <usize>hd << 2;
  const iv = f32x4.splat(inv);
  const n = nA + nB;
  let e = 0;
  for (; e + 16 <= hd; e += 16) {
    const eo = <usize>e << 2;
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const u = valueRow(a, b, nA, j, rowBytes) + eo;
      const v = valueRow(a, b, nA, j + 1, rowBytes) + eo;
      const x = v128.load32_splat(w + (<usize>j << 2));
      const z = v128.load32_splat(w + (<usize>j << 2), 4);
      a0 = f32x4.add(a0, f32x4.add(f32x4.mul(x, v128.load(u)), f32x4.mul(z, v128.load(v))));
      a1 = f32x4.add(a1, f32x4.add(f32x4.mul(x, v128.load(u, 16)), f32x4.mul(z, v128.load(v, 16))));
      a2 = f32x4.add(a2, f32x4.add(f32x4.mul(x, v128.load(u, 32)), f32x4.mul(z, v128.load(v, 32))));
      a3 = f32x4.add(a3, f32x4.add(f32x4.mul(x, v128.load(u, 48)), f32x4.mul(z, v128.load(v, 48))));
    }
    if (j < n) {
      const u = valueRow(a, b, nA, j, rowBytes) + eo;
      const x = v128.load32_splat(w + (<usize>j << 2));
      a0 = f32x4.add(a0, f32x4.mul(x, v128.load(u)));
      a1 = f32x4.add(a1, f32x4.mul(x, v128.load(u, 16)));
      a2 = f32x4.add(a2, f32x4.mul(x, v128.load(u, 32)));
      a3 = f32x4.add(a3, f32x4.mul(x, v128.load(u, 48)));
    }
    const yo = y + eo;
    v128.store(yo, f32x4.mul(a0, iv));
    v128.store(yo, f32x4.mul(a1, iv), 16);
    v128.store(yo, f32x4.mul(a2, iv), 32);
    v128.store(yo, f32x4.mul(a3, iv), 48);
  }
  // Four output lanes at a time: the same pairs, one accumulator.
  for (; e + 4 <= hd; e += 4) {
    const eo = <usize>e << 2;
    let acc = f32x4.splat(0);
    for (let j = 0; j < n; j += 2) {
      let t = f32x4.mul(v128.load32_splat(w + (<usize>j << 2)), v128.load(valueRow(a, b, nA, j, rowBytes) + eo));
      if (j + 1 < n) t = f32x4.add(t, f32x4.mul(v128.load32_splat(w + (<usize>(j + 1) << 2)), v128.load(valueRow(a, b, nA, j + 1, rowBytes) + eo)));
      acc = f32x4.add(acc, t);
    }
    v128.store(y + eo, f32x4.mul(acc, iv));
  }
  for (; e < hd; e++) {
    const eo = <usize>e << 2;
    let acc: f32 = 0;
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const x = load<f32>(w + (<usize>j << 2));
      const z = load<f32>(w + (<usize>j << 2), 4);
      acc += x * load<f32>(valueRow(a, b, nA, j, rowBytes) + eo) + z * load<f32>(valueRow(a, b, nA, j + 1, rowBytes) + eo);
    }
    if (j < n) acc += load<f32>(w + (<usize>j << 2)) * load<f32>(valueRow(a, b, nA, j, rowBytes) + eo);
    store<f32>(y + eo, acc * inv);
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
 *   blocked, vOwn [slot, head, S, hd]; P and S are multiples of 4. `scratch` holds P + S floats.
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
      scoreKeys(q, kPre + pre, Pg, kOwn + base, own, hd, sv, scratch);
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
