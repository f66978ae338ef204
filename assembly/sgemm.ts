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

/** Bytes of scratch that `sgemm` needs for these sizes: packed B, one packed A block, one C tile. */
export function scratchBytes(M: i32, N: i32, K: i32): usize {
  return <usize>(roundUp(N, NR) * K + blockRows(M, K) * K + MR * NR + 16) << 2;
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
  // Summation order is part of the contract: every output adds its K products in ascending k into
  // one accumulator, then adds C — whatever M, N, the transpositions or the tile it fell into. So a
  // row of C is bit-for-bit the same whether computed alone or inside a larger batch (a sampler
  // relies on this to reproduce sample i of a batch on its own).
  if (M == 1) {
    // One row of op(A) is contiguous whether or not A is transposed.
    if (transB) rowTimesBt(N, K, a, b, c, accumulate);
    else rowTimesB(N, K, a, b, c, accumulate);
    return;
  }
  packedProduct(transB, M, N, K, a, aRow, aCol, b, c, accumulate, scratch);
}

// ---------------------------------------------------------------------------------------------
// Packed path

function packedProduct(
  transB: bool,
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
  const packB = (scratch + 15) & ~(<usize>15);
  packB_(transB, N, K, b, packB);
  multiplyPacked(M, N, K, a, aRow, aCol, packB, c, accumulate, packB + packedBBytes(N, K));
}

/** C (+)= op(A) · B with B already in panels (packB); `work` holds one packed A block and a C tile. */
function multiplyPacked(M: i32, N: i32, K: i32, a: usize, aRow: i32, aCol: i32, packB: usize, c: usize, accumulate: bool, work: usize): void {
  const nPanels = (N + NR - 1) / NR;
  const packA = (work + 15) & ~(<usize>15);
  const mc = blockRows(M, K);
  const tile = packA + ((<usize>(mc * K)) << 2);
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

// ---------------------------------------------------------------------------------------------
// Pre-packed B: a weight matrix packed once and multiplied many times (the KV-cache decoder's
// projections, one product per decode step). Products are bit-identical to `sgemm` with the same
// B: the packed path runs the same panels and kernel, and for a single row the packed kernel adds
// each output's products in ascending k and then C, exactly like rowTimesB / rowTimesBt.

/** Bytes of op(B)'s panels (N columns rounded up to NR, K rows). */
export function packedBBytes(N: i32, K: i32): usize {
  return <usize>(roundUp(N, NR) * K) << 2;
}

/** Packs op(B) (K×N: B stored K×N, or N×K when transB) into panels at `out` (packedBBytes(N, K) bytes). */
export function packB(transB: bool, N: i32, K: i32, b: usize, out: usize): void {
  if (N <= 0 || K <= 0) return;
  packB_(transB, N, K, b, out);
}

function packB_(transB: bool, N: i32, K: i32, b: usize, out: usize): void {
  if (transB) packPanelsOfBt(N, K, b, out);
  else packPanelsOfB(N, K, b, out);
}

/** C (M×N) (+)= A (M×K, row-major) · op(B) from its panels (packB); scratch as for sgemm(M, N, K). */
export function sgemmPackedB(M: i32, N: i32, K: i32, a: usize, packedB: usize, c: usize, accumulate: bool, scratch: usize): void {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate) memory.fill(c, 0, <usize>(M * N) << 2);
    return;
  }
  multiplyPacked(M, N, K, a, K, 1, packedB, c, accumulate, scratch);
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
  packLastPanel(false, N, K, b, out);
}

/** Bᵀ with B stored N×K → the same panels: 4×4 blocks transposed in registers, scalar at the edges. */
function packPanelsOfBt(N: i32, K: i32, b: usize, out: usize): void {
  const full = N / NR;
  const row = <usize>K << 2;
  const k4 = K & ~3;
  for (let p = 0; p < full; p++) {
    const panel = out + ((<usize>(p * K * NR)) << 2);
    for (let g = 0; g < NR; g += 4) {
      const r0 = b + <usize>(p * NR + g) * row;
      const r1 = r0 + row;
      const r2 = r1 + row;
      const r3 = r2 + row;
      let dst = panel + (<usize>g << 2);
      for (let k = 0; k < k4; k += 4) {
        const o = <usize>k << 2;
        const x0 = v128.load(r0 + o);
        const x1 = v128.load(r1 + o);
        const x2 = v128.load(r2 + o);
        const x3 = v128.load(r3 + o);
        const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
        const t1 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
        const t2 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
        const t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
        v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
        v128.store(dst, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), NR << 2);
        v128.store(dst, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), NR << 3);
        v128.store(dst, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), (NR << 3) + (NR << 2));
        dst += NR << 4;
      }
      for (let k = k4; k < K; k++) {
        const o = <usize>k << 2;
        store<f32>(dst, load<f32>(r0 + o));
        store<f32>(dst, load<f32>(r1 + o), 4);
        store<f32>(dst, load<f32>(r2 + o), 8);
        store<f32>(dst, load<f32>(r3 + o), 12);
        dst += NR << 2;
      }
    }
  }
  packLastPanel(true, N, K, b, out);
}

/** The last, partial panel of op(B) (when NR does not divide N), element by element, zero-padded. */
function packLastPanel(transB: bool, N: i32, K: i32, b: usize, out: usize): void {
  const j0 = (N / NR) * NR;
  if (j0 == N) return;
  let dst = out + ((<usize>(j0 * K)) << 2);
  for (let k = 0; k < K; k++) {
    for (let q = 0; q < NR; q++) {
      const j = j0 + q;
      let v: f32 = 0;
      if (j < N) v = load<f32>(b + ((<usize>(transB ? j * K + k : k * N + j)) << 2));
      store<f32>(dst + (<usize>q << 2), v);
    }
    dst += NR << 2;
  }
}

/** Rows i0 … i0+rows-1 of op(A) → panels of MR = 2 rows, k-major (a0 b0 a1 b1 …), zero past `rows`. */
function packBlockOfA(i0: i32, rows: i32, K: i32, a: usize, aRow: i32, aCol: i32, out: usize): void {
  let dst = out;
  for (let r = 0; r < rows; r += MR) {
    const both = r + 1 < rows;
    const x = a + ((<usize>((i0 + r) * aRow)) << 2);
    if (aCol == 1) {
      // Rows contiguous in k: interleave 4 k of each row with two shuffles.
      const y = both ? x + ((<usize>aRow) << 2) : x;
      let k = 0;
      for (; k + 4 <= K; k += 4) {
        const o = <usize>k << 2;
        const u = v128.load(x + o);
        const w = both ? v128.load(y + o) : f32x4.splat(0);
        v128.store(dst, v128.shuffle<f32>(u, w, 0, 4, 1, 5));
        v128.store(dst, v128.shuffle<f32>(u, w, 2, 6, 3, 7), 16);
        dst += 32;
      }
      for (; k < K; k++) {
        const o = <usize>k << 2;
        store<f32>(dst, load<f32>(x + o));
        store<f32>(dst, both ? load<f32>(y + o) : 0, 4);
        dst += 8;
      }
    } else {
      // op(A) = Aᵀ: rows i and i+1 of op(A) are adjacent floats at every k.
      const step = <usize>aCol << 2;
      let src = x;
      for (let k = 0; k < K; k++) {
        if (both) {
          store<u64>(dst, load<u64>(src));
        } else {
          store<f32>(dst, load<f32>(src));
          store<f32>(dst, 0, 4);
        }
        src += step;
        dst += 8;
      }
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
// One row (decoding a single token): no packing — it would cost as much as the multiply

/** Row 0 of op(A) times B (K×N, row-major): 16 output columns per pass, B rows read in place. */
function rowTimesB(N: i32, K: i32, a: usize, b: usize, c: usize, accumulate: bool): void {
  const ldb = <usize>N << 2;
  const aStep: usize = 4;
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

/**
 * Row 0 of op(A) times Bᵀ (B stored N×K): 16 outputs per pass, each 4×4 block of B transposed in
 * registers so that every output still adds its products in ascending k, like the packed path.
 * Four independent accumulators, because each one is a serial chain of adds.
 */
function rowTimesBt(N: i32, K: i32, a: usize, b: usize, c: usize, accumulate: bool): void {
  const row = <usize>K << 2;
  const k4 = K & ~3;
  let j = 0;
  for (; j + 16 <= N; j += 16) {
    const r0 = b + <usize>j * row;
    const r4 = r0 + 4 * row;
    const r8 = r4 + 4 * row;
    const r12 = r8 + 4 * row;
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    for (let k = 0; k < k4; k += 4) {
      const o = <usize>k << 2;
      const x0 = v128.load32_splat(a + o);
      const x1 = v128.load32_splat(a + o, 4);
      const x2 = v128.load32_splat(a + o, 8);
      const x3 = v128.load32_splat(a + o, 12);
      s0 = fourColumns(r0 + o, row, x0, x1, x2, x3, s0);
      s1 = fourColumns(r4 + o, row, x0, x1, x2, x3, s1);
      s2 = fourColumns(r8 + o, row, x0, x1, x2, x3, s2);
      s3 = fourColumns(r12 + o, row, x0, x1, x2, x3, s3);
    }
    for (let k = k4; k < K; k++) {
      const o = <usize>k << 2;
      const x = v128.load32_splat(a + o);
      s0 = f32x4.add(s0, f32x4.mul(x, column4(r0 + o, row)));
      s1 = f32x4.add(s1, f32x4.mul(x, column4(r4 + o, row)));
      s2 = f32x4.add(s2, f32x4.mul(x, column4(r8 + o, row)));
      s3 = f32x4.add(s3, f32x4.mul(x, column4(r12 + o, row)));
    }
    const pc = c + (<usize>j << 2);
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
  for (; j < N; j++) {
    const bj = b + <usize>j * row;
    let s: f32 = 0;
    for (let k = 0; k < K; k++) s += load<f32>(a + (<usize>k << 2)) * load<f32>(bj + (<usize>k << 2));
    const pc = c + (<usize>j << 2);
    store<f32>(pc, accumulate ? load<f32>(pc) + s : s);
  }
}

/** acc + x0·B[·][k] + x1·B[·][k+1] + x2·B[·][k+2] + x3·B[·][k+3] for 4 rows of B at p, in that order. */
// @ts-ignore: decorator
@inline
function fourColumns(p: usize, row: usize, x0: v128, x1: v128, x2: v128, x3: v128, acc: v128): v128 {
  const y0 = v128.load(p);
  const y1 = v128.load(p + row);
  const y2 = v128.load(p + 2 * row);
  const y3 = v128.load(p + 3 * row);
  const t0 = v128.shuffle<f32>(y0, y1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(y0, y1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(y2, y3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(y2, y3, 2, 6, 3, 7);
  acc = f32x4.add(acc, f32x4.mul(x0, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5)));
  acc = f32x4.add(acc, f32x4.mul(x1, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7)));
  acc = f32x4.add(acc, f32x4.mul(x2, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5)));
  return f32x4.add(acc, f32x4.mul(x3, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7)));
}

/** Element k of 4 consecutive rows of B at p, as one vector. */
// @ts-ignore: decorator
@inline
function column4(p: usize, row: usize): v128 {
  return f32x4(load<f32>(p), load<f32>(p + row), load<f32>(p + 2 * row), load<f32>(p + 3 * row));
}
