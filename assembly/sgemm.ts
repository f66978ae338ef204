// Row-major single-precision matrix multiply for the rlbound lab, in WebAssembly SIMD128.
//
//   C (M×N) = op(A) · op(B)      or   C += op(A) · op(B)   when `accumulate`
//
// op(A) is M×K: A is stored M×K, or K×M when `transA`. op(B) is K×N: B is stored K×N, or N×K when
// `transB`. Every pointer is a byte address in the memory imported from JavaScript (a shared
// WebAssembly.Memory, so JavaScript views of it stay valid when it grows). Nothing here allocates:
// the caller passes a scratch area of at least `scratchBytes(M, N, K)` bytes.
//
// Structure (GotoBLAS-style, scaled down to the lab's shapes):
//  * op(B) is packed into panels of NR = 16 columns, k-major and zero-padded, so the inner loop reads
//    64 contiguous bytes per k whatever the transposition;
//  * op(A) is packed, one block of up to MC rows at a time, into panels of MR = 2 rows, k-major;
//  * a 2×16 micro-kernel keeps its 8 f32x4 accumulators in registers. The tile shape was chosen by
//    measurement: V8 hoists all broadcasts of a k step and keeps xmm15 as scratch, so 6×8, 4×12,
//    3×16 and 2×20 tiles spill accumulators to the stack inside the loop and run at 15–33 GFLOP/s,
//    while 2×16 (8 accumulators + 4 B vectors + 2 broadcasts = 14 registers) runs at ~60, close to
//    the 128-bit multiply+add ceiling of this CPU (BENCHMARKS.md);
//  * a B panel (16 × K floats, 32 KB at K = 512) stays in L1 while the A block streams from L2.
// A single row (decoding one token) skips packing: packing would cost as much as the multiply.

const MR: i32 = 2;
const NR: i32 = 16;
/** Floats of packed A per block: MC·K ≤ A_BLOCK_FLOATS keeps the block (≤ 128 KB) in L2. */
const A_BLOCK_FLOATS: i32 = 32768;

/** First byte after this module's static data; JavaScript allocates from here on. */
export function heapBase(): usize {
  return __heap_base;
}

function roundUp(x: i32, m: i32): i32 {
  return ((x + m - 1) / m) * m;
}

/** Rows of op(A) packed per block: a multiple of MR, at least MR. */
function blockRows(M: i32, K: i32): i32 {
  let mc = (A_BLOCK_FLOATS / max(K, 1) / MR) * MR;
  if (mc < MR) mc = MR;
  const mAll = roundUp(M, MR);
  return mc < mAll ? mc : mAll;
}

/**
 * Bytes of scratch that `sgemm` needs for these sizes: packed B, one packed A block and one C tile
 * (op(B) = B), or a transposed copy of A (op(B) = Bᵀ with op(A) = Aᵀ).
 */
export function scratchBytes(M: i32, N: i32, K: i32): usize {
  const packed = roundUp(N, NR) * K + blockRows(M, K) * K + MR * NR;
  const transposedA = M * K;
  return <usize>(max(packed, transposedA) + 16) << 2;
}

export function sgemm(
  transA: bool,
  transB: bool,
  M: i32,
  N: i32,
  K: i32,
  a: usize,
  b: usize,
  c: usize,
  accumulate: bool,
  scratch: usize,
): void {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate) memory.fill(c, 0, <usize>(M * N) << 2);
    return;
  }
  // Element (i, k) of op(A) lives at a + (i·aRow + k·aCol)·4.
  const aRow: i32 = transA ? 1 : K;
  const aCol: i32 = transA ? M : 1;
  // Summation order is part of the contract: every output adds its K products in an order that
  // depends only on K and on the transposition of B — never on M, N or the tile it fell into — so a
  // row of C is bit-for-bit the same whether computed alone or inside a larger batch (a sampler
  // relies on this to reproduce sample i of a batch on its own).
  //  * op(B) = B (weights stored [in, out]): k ascending into one accumulator, then + C.
  //  * op(B) = Bᵀ (B stored N×K, rows contiguous in k): four lane-wise partial sums over k in
  //    steps of 4, combined as (l0 + l2) + (l1 + l3), then the K mod 4 leftover products in
  //    order, then + C. Dot products of contiguous rows need no packing — decisive for attention
  //    scores q·Kᵀ during decoding, where M = 1.
  if (transB) {
    let rowsA = a;
    if (transA) {
      rowsA = (scratch + 15) & ~(<usize>15);
      transposeInto(a, K, M, rowsA);
    }
    dotProducts(M, N, K, rowsA, b, c, accumulate);
    return;
  }
  if (M == 1) {
    rowTimesB(N, K, a, aCol, b, c, accumulate);
    return;
  }
  packedProduct(M, N, K, a, aRow, aCol, b, c, accumulate, scratch);
}

// ---------------------------------------------------------------------------------------------
// Packed path

function packedProduct(
  M: i32,
  N: i32,
  K: i32,
  a: usize,
  aRow: i32,
  aCol: i32,
  b: usize,
  c: usize,
  accumulate: bool,
  scratch: usize,
): void {
  const nPanels = (N + NR - 1) / NR;
  const packB = (scratch + 15) & ~(<usize>15);
  const packA = packB + ((<usize>(nPanels * NR * K)) << 2);
  const mc = blockRows(M, K);
  const tile = packA + ((<usize>(mc * K)) << 2);
  packPanelsOfB(N, K, b, packB);
  const ldc = <usize>N << 2;
  for (let i0 = 0; i0 < M; i0 += mc) {
    const rows = min(mc, M - i0);
    packBlockOfA(i0, rows, K, a, aRow, aCol, packA);
    const aPanels = (rows + MR - 1) / MR;
    for (let jp = 0; jp < nPanels; jp++) {
      const j = jp * NR;
      const cols = min(NR, N - j);
      const pb = packB + ((<usize>(jp * K * NR)) << 2);
      for (let ip = 0; ip < aPanels; ip++) {
        const i = i0 + ip * MR;
        const pa = packA + ((<usize>(ip * K * MR)) << 2);
        const pc = c + ((<usize>(i * N + j)) << 2);
        const r = min(MR, M - i);
        if (r == MR && cols == NR) {
          kernel2x16(pa, pb, K, pc, ldc, accumulate);
        } else {
          edgeTile(pa, pb, K, pc, ldc, r, cols, accumulate, tile);
        }
      }
    }
  }
}

/** A tile cut by the matrix edge: run the full kernel on an MR×NR tile buffer, copy the valid part. */
function edgeTile(
  pa: usize,
  pb: usize,
  K: i32,
  pc: usize,
  ldc: usize,
  rows: i32,
  cols: i32,
  accumulate: bool,
  tile: usize,
): void {
  for (let r = 0; r < MR; r++) {
    for (let q = 0; q < NR; q++) {
      const inside = accumulate && r < rows && q < cols;
      store<f32>(tile + (<usize>(r * NR + q) << 2), inside ? load<f32>(pc + <usize>r * ldc + (<usize>q << 2)) : 0);
    }
  }
  kernel2x16(pa, pb, K, tile, NR << 2, accumulate);
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      store<f32>(pc + <usize>r * ldc + (<usize>q << 2), load<f32>(tile + (<usize>(r * NR + q) << 2)));
    }
  }
}

/** B (K×N) → panels of NR columns; panel p holds, for each k, columns p·NR … p·NR+15 (zero past N). */
function packPanelsOfB(N: i32, K: i32, b: usize, out: usize): void {
  const full = N / NR;
  const stride = <usize>N << 2;
  for (let p = 0; p < full; p++) {
    let dst = out + ((<usize>(p * K * NR)) << 2);
    let src = b + ((<usize>(p * NR)) << 2);
    for (let k = 0; k < K; k++) {
      v128.store(dst, v128.load(src));
      v128.store(dst, v128.load(src, 16), 16);
      v128.store(dst, v128.load(src, 32), 32);
      v128.store(dst, v128.load(src, 48), 48);
      src += stride;
      dst += NR << 2;
    }
  }
  if (full * NR < N) {
    const j0 = full * NR;
    let dst = out + ((<usize>(full * K * NR)) << 2);
    for (let k = 0; k < K; k++) {
      for (let q = 0; q < NR; q++) {
        const j = j0 + q;
        store<f32>(dst + (<usize>q << 2), j < N ? load<f32>(b + ((<usize>(k * N + j)) << 2)) : 0);
      }
      dst += NR << 2;
    }
  }
}

/** Rows i0 … i0+rows-1 of op(A) → panels of MR rows, k-major, zero-padded past `rows`. */
function packBlockOfA(i0: i32, rows: i32, K: i32, a: usize, aRow: i32, aCol: i32, out: usize): void {
  const panels = (rows + MR - 1) / MR;
  let dst = out;
  for (let p = 0; p < panels; p++) {
    for (let k = 0; k < K; k++) {
      for (let r = 0; r < MR; r++) {
        const i = p * MR + r;
        const v: f32 = i < rows ? load<f32>(a + ((<usize>((i0 + i) * aRow + k * aCol)) << 2)) : 0;
        store<f32>(dst + (<usize>r << 2), v);
      }
      dst += MR << 2;
    }
  }
}

/** C[2×16] (+)= Apanel[K×2]ᵀ · Bpanel[K×16]: 8 accumulators, one broadcast of A per row per k. */
function kernel2x16(pa: usize, pb: usize, K: i32, pc: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0);
  for (let k = 0; k < K; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const b2 = v128.load(pb, 32);
    const b3 = v128.load(pb, 48);
    const x0 = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(x0, b0));
    c01 = f32x4.add(c01, f32x4.mul(x0, b1));
    c02 = f32x4.add(c02, f32x4.mul(x0, b2));
    c03 = f32x4.add(c03, f32x4.mul(x0, b3));
    const x1 = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(x1, b0));
    c11 = f32x4.add(c11, f32x4.mul(x1, b1));
    c12 = f32x4.add(c12, f32x4.mul(x1, b2));
    c13 = f32x4.add(c13, f32x4.mul(x1, b3));
    pa += MR << 2;
    pb += NR << 2;
  }
  const p1 = pc + ldc;
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(pc));
    c01 = f32x4.add(c01, v128.load(pc, 16));
    c02 = f32x4.add(c02, v128.load(pc, 32));
    c03 = f32x4.add(c03, v128.load(pc, 48));
    c10 = f32x4.add(c10, v128.load(p1));
    c11 = f32x4.add(c11, v128.load(p1, 16));
    c12 = f32x4.add(c12, v128.load(p1, 32));
    c13 = f32x4.add(c13, v128.load(p1, 48));
  }
  v128.store(pc, c00);
  v128.store(pc, c01, 16);
  v128.store(pc, c02, 32);
  v128.store(pc, c03, 48);
  v128.store(p1, c10);
  v128.store(p1, c11, 16);
  v128.store(p1, c12, 32);
  v128.store(p1, c13, 48);
}

// ---------------------------------------------------------------------------------------------
// One row (decoding a single token): no packing

/** Row 0 of op(A) times B (K×N, row-major): 16 output columns per pass, B rows read in place. */
function rowTimesB(N: i32, K: i32, a: usize, aCol: i32, b: usize, c: usize, accumulate: bool): void {
  const ldb = <usize>N << 2;
  const aStep = <usize>aCol << 2;
  let j = 0;
  for (; j + 16 <= N; j += 16) {
    const pc = c + (<usize>j << 2);
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let pa = a;
    let pb = b + (<usize>j << 2);
    for (let k = 0; k < K; k++) {
      const x = v128.load32_splat(pa);
      s0 = f32x4.add(s0, f32x4.mul(x, v128.load(pb)));
      s1 = f32x4.add(s1, f32x4.mul(x, v128.load(pb, 16)));
      s2 = f32x4.add(s2, f32x4.mul(x, v128.load(pb, 32)));
      s3 = f32x4.add(s3, f32x4.mul(x, v128.load(pb, 48)));
      pa += aStep;
      pb += ldb;
    }
    if (accumulate) {
      s0 = f32x4.add(s0, v128.load(pc));
      s1 = f32x4.add(s1, v128.load(pc, 16));
      s2 = f32x4.add(s2, v128.load(pc, 32));
      s3 = f32x4.add(s3, v128.load(pc, 48));
    }
    v128.store(pc, s0);
    v128.store(pc, s1, 16);
    v128.store(pc, s2, 32);
    v128.store(pc, s3, 48);
  }
  for (; j + 4 <= N; j += 4) {
    const pc = c + (<usize>j << 2);
    let s = f32x4.splat(0);
    let pa = a;
    let pb = b + (<usize>j << 2);
    for (let k = 0; k < K; k++) {
      s = f32x4.add(s, f32x4.mul(v128.load32_splat(pa), v128.load(pb)));
      pa += aStep;
      pb += ldb;
    }
    if (accumulate) s = f32x4.add(s, v128.load(pc));
    v128.store(pc, s);
  }
  for (; j < N; j++) {
    const pc = c + (<usize>j << 2);
    let s: f32 = 0;
    let pa = a;
    let pb = b + (<usize>j << 2);
    for (let k = 0; k < K; k++) {
      s += load<f32>(pa) * load<f32>(pb);
      pa += aStep;
      pb += ldb;
    }
    store<f32>(pc, accumulate ? load<f32>(pc) + s : s);
  }
}

// ---------------------------------------------------------------------------------------------
// op(B) = Bᵀ: dot products of contiguous rows

/** Rows of B per block: DOT_BLOCK_FLOATS floats (32 KB) of B stay in L1 while rows of A pass by. */
const DOT_BLOCK_FLOATS: i32 = 8192;

/** C (M×N) (+)= A·Bᵀ for A M×K and B N×K, both row-major. */
function dotProducts(M: i32, N: i32, K: i32, a: usize, b: usize, c: usize, accumulate: bool): void {
  const rowBytes = <usize>K << 2;
  const nb = max(4, (DOT_BLOCK_FLOATS / max(K, 1)) & ~3);
  for (let j0 = 0; j0 < N; j0 += nb) {
    const j1 = min(N, j0 + nb);
    const j4 = j0 + ((j1 - j0) & ~3);
    let i = 0;
    for (; i + 2 <= M; i += 2) {
      const a0 = a + <usize>i * rowBytes;
      const c0 = c + ((<usize>(i * N)) << 2);
      for (let j = j0; j < j4; j += 4) {
        dot2x4(K, a0, a0 + rowBytes, b + <usize>j * rowBytes, rowBytes, c0 + (<usize>j << 2), <usize>N << 2, accumulate);
      }
      for (let j = j4; j < j1; j++) {
        const bj = b + <usize>j * rowBytes;
        const cj = c0 + (<usize>j << 2);
        store<f32>(cj, dot1(K, a0, bj, cj, accumulate));
        const cj1 = cj + (<usize>N << 2);
        store<f32>(cj1, dot1(K, a0 + rowBytes, bj, cj1, accumulate));
      }
    }
    if (i < M) {
      const a0 = a + <usize>i * rowBytes;
      const c0 = c + ((<usize>(i * N)) << 2);
      for (let j = j0; j < j4; j += 4) dot1x4(K, a0, b + <usize>j * rowBytes, rowBytes, c0 + (<usize>j << 2), accumulate);
      for (let j = j4; j < j1; j++) {
        const cj = c0 + (<usize>j << 2);
        store<f32>(cj, dot1(K, a0, b + <usize>j * rowBytes, cj, accumulate));
      }
    }
  }
}

/** Lane q of the result is (s_q.0 + s_q.2) + (s_q.1 + s_q.3): the fixed reduction order. */
// @ts-ignore: decorator
@inline
function reduce4(s0: v128, s1: v128, s2: v128, s3: v128): v128 {
  const s01 = f32x4.add(v128.shuffle<f32>(s0, s1, 0, 1, 4, 5), v128.shuffle<f32>(s0, s1, 2, 3, 6, 7));
  const s23 = f32x4.add(v128.shuffle<f32>(s2, s3, 0, 1, 4, 5), v128.shuffle<f32>(s2, s3, 2, 3, 6, 7));
  return f32x4.add(v128.shuffle<f32>(s01, s23, 0, 2, 4, 6), v128.shuffle<f32>(s01, s23, 1, 3, 5, 7));
}

/** Adds the K mod 4 leftover products of rows x and y, in order, to the four lanes' totals. */
// @ts-ignore: decorator
@inline
function leftover(K: i32, x: usize, b0: usize, b1: usize, b2: usize, b3: usize, sums: v128): v128 {
  let t0 = f32x4.extract_lane(sums, 0);
  let t1 = f32x4.extract_lane(sums, 1);
  let t2 = f32x4.extract_lane(sums, 2);
  let t3 = f32x4.extract_lane(sums, 3);
  for (let k = K & ~3; k < K; k++) {
    const o = <usize>k << 2;
    const v = load<f32>(x + o);
    t0 += v * load<f32>(b0 + o);
    t1 += v * load<f32>(b1 + o);
    t2 += v * load<f32>(b2 + o);
    t3 += v * load<f32>(b3 + o);
  }
  return f32x4(t0, t1, t2, t3);
}

/** C[2×4] (+)= A[2 rows]·B[4 rows]ᵀ: 8 lane-wise accumulators. */
function dot2x4(K: i32, x0: usize, x1: usize, b0: usize, rowBytes: usize, pc: usize, ldc: usize, accumulate: bool): void {
  const b1 = b0 + rowBytes;
  const b2 = b1 + rowBytes;
  const b3 = b2 + rowBytes;
  let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s02 = f32x4.splat(0), s03 = f32x4.splat(0);
  let s10 = f32x4.splat(0), s11 = f32x4.splat(0), s12 = f32x4.splat(0), s13 = f32x4.splat(0);
  const end = <usize>(K & ~3) << 2;
  for (let o: usize = 0; o < end; o += 16) {
    const y0 = v128.load(b0 + o);
    const y1 = v128.load(b1 + o);
    const y2 = v128.load(b2 + o);
    const y3 = v128.load(b3 + o);
    const u = v128.load(x0 + o);
    s00 = f32x4.add(s00, f32x4.mul(u, y0));
    s01 = f32x4.add(s01, f32x4.mul(u, y1));
    s02 = f32x4.add(s02, f32x4.mul(u, y2));
    s03 = f32x4.add(s03, f32x4.mul(u, y3));
    const w = v128.load(x1 + o);
    s10 = f32x4.add(s10, f32x4.mul(w, y0));
    s11 = f32x4.add(s11, f32x4.mul(w, y1));
    s12 = f32x4.add(s12, f32x4.mul(w, y2));
    s13 = f32x4.add(s13, f32x4.mul(w, y3));
  }
  let r0 = reduce4(s00, s01, s02, s03);
  let r1 = reduce4(s10, s11, s12, s13);
  if (K & 3) {
    r0 = leftover(K, x0, b0, b1, b2, b3, r0);
    r1 = leftover(K, x1, b0, b1, b2, b3, r1);
  }
  if (accumulate) {
    r0 = f32x4.add(r0, v128.load(pc));
    r1 = f32x4.add(r1, v128.load(pc + ldc));
  }
  v128.store(pc, r0);
  v128.store(pc + ldc, r1);
}

/** C[1×4] (+)= A[1 row]·B[4 rows]ᵀ, same order as dot2x4. */
function dot1x4(K: i32, x0: usize, b0: usize, rowBytes: usize, pc: usize, accumulate: bool): void {
  const b1 = b0 + rowBytes;
  const b2 = b1 + rowBytes;
  const b3 = b2 + rowBytes;
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  const end = <usize>(K & ~3) << 2;
  for (let o: usize = 0; o < end; o += 16) {
    const u = v128.load(x0 + o);
    s0 = f32x4.add(s0, f32x4.mul(u, v128.load(b0 + o)));
    s1 = f32x4.add(s1, f32x4.mul(u, v128.load(b1 + o)));
    s2 = f32x4.add(s2, f32x4.mul(u, v128.load(b2 + o)));
    s3 = f32x4.add(s3, f32x4.mul(u, v128.load(b3 + o)));
  }
  let r = reduce4(s0, s1, s2, s3);
  if (K & 3) r = leftover(K, x0, b0, b1, b2, b3, r);
  if (accumulate) r = f32x4.add(r, v128.load(pc));
  v128.store(pc, r);
}

/** One output (+)= x·y, same order as dot2x4; returns the value to store at pc. */
function dot1(K: i32, x: usize, y: usize, pc: usize, accumulate: bool): f32 {
  let s = f32x4.splat(0);
  const end = <usize>(K & ~3) << 2;
  for (let o: usize = 0; o < end; o += 16) s = f32x4.add(s, f32x4.mul(v128.load(x + o), v128.load(y + o)));
  let t = (f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 2)) + (f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 3));
  for (let k = K & ~3; k < K; k++) t += load<f32>(x + (<usize>k << 2)) * load<f32>(y + (<usize>k << 2));
  return accumulate ? t + load<f32>(pc) : t;
}

/** dst (cols×rows, row-major) = transpose of src (rows×cols, row-major). */
function transposeInto(src: usize, rows: i32, cols: i32, dst: usize): void {
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      store<f32>(dst + ((<usize>(q * rows + r)) << 2), load<f32>(src + ((<usize>(r * cols + q)) << 2)));
    }
  }
}
