/**
 * Optional fast versions of the model's non-matmul kernels, offered by a backend whose buffers live
 * in its own memory (the wasm backend: assembly/kernels.ts). The plain-TypeScript functions in
 * ./ops and src/lab/model/decode-step.ts are the reference: same arguments, same results to float32
 * rounding (tested in test/lab/tensor/wasm-kernels.test.ts). Model code reaches them through
 * ./kernel-dispatch.ts, which falls back to the reference when a backend has none.
 *
 * Every kernel computes each row from that row alone, so a row's result does not depend on the
 * other rows of the call (the sampler's per-sample reproducibility needs this).
 */
export interface FastKernels {
  /** y = gelu(x) (tanh form) over n elements; the tanh values into `tanhOut` when given. */
  geluForward(x: Float32Array, y: Float32Array, n: number, tanhOut: Float32Array | null): void;
  /** dx = dy · gelu'(x) from the saved tanh values `t`; dx may alias dy. */
  geluBackward(dy: Float32Array, x: Float32Array, t: Float32Array, dx: Float32Array, n: number): void;
  /** Layer norm of each row of x (rows × d), saving mean and 1/std per row. */
  layerNormForward(
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    y: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
    rows: number,
    d: number,
  ): void;
  /** Backward of layerNormForward, ACCUMULATING into dx, dGamma and dBeta. */
  layerNormBackward(
    dy: Float32Array,
    x: Float32Array,
    gamma: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
    dx: Float32Array,
    dGamma: Float32Array,
    dBeta: Float32Array,
    rows: number,
    d: number,
  ): void;
  /**
   * KV-cache decoding, one run of `c` rows (samples of one prompt) and one head: each row's scores
   * against its own cached keys (kOwn in the blocked key layout, see OWN_KEY_BLOCK), then
   * one softmax over its prefix scores (`pre`, raw q·k, row stride `preLength`) and own scores
   * (`ownScores`, row stride S) together; both become probabilities. q holds the c rows (c × hd).
   */
  decodeOwnScores(args: DecodeOwnArgs & { q: Float32Array; kOwn: Float32Array; scale: number; pre: Float32Array; preLength: number }): void;
  /** y[i] += Σ_j ownScores[i, j] · v_j over each row's own cached values (y is c × hd). */
  decodeOwnValues(args: DecodeOwnArgs & { vOwn: Float32Array; y: Float32Array }): void;
  /** out[r, j] = x[r, j] + bias[j] (bias alone when x is null), rows × n; out may alias x. */
  rowsPlusBias(x: Float32Array | null, bias: Float32Array, out: Float32Array, rows: number, n: number): void;
  /** db[j] += Σ_r dy[r, j] (rows × n). */
  columnSums(dy: Float32Array, db: Float32Array, rows: number, n: number): void;
  /**
   * KV-cache decoding: row i of qkv (A × 3·H·hd) → q into qh [head, row, hd], k and v into slot
   * slots[i]'s own caches at position `step` (k in the blocked key layout, v as [slot, head, position, hd]).
   */
  decodeScatterQkv(args: DecodeScatterArgs): void;
  /** Head-major yh [head, row, hd] → rows y (A × H·hd). */
  headsToRowsDecode(yh: Float32Array, y: Float32Array, A: number, H: number, hd: number): void;
}

export interface DecodeScatterArgs {
  qkv: Float32Array;
  qh: Float32Array;
  kOwn: Float32Array;
  vOwn: Float32Array;
  /** Cache slot of each of the A rows. */
  slots: Int32Array;
  A: number;
  heads: number;
  S: number;
  hd: number;
  step: number;
}

/**
 * The own-key cache is stored in blocks of OWN_KEY_BLOCK positions, head-dim-major inside a block:
 * key element e of position p (slot s, head h) is at
 *   ((s·heads + h)·S + (p − p mod 4)) · hd + 4·e + p mod 4,
 * so the scores of four keys are four-lane multiply-adds over the head dims, with no horizontal sum
 * per key. S (positions per slot, the cache's capacity) must therefore be a multiple of 4. The value
 * cache keeps one contiguous row per position: [slot, head, position, hd].
 */
export const OWN_KEY_BLOCK = 4;

/** Offset of key element (position p, dim e) in the blocked own-key cache of one (slot, head) at `base`. */
export function ownKeyIndex(base: number, p: number, e: number, hd: number): number {
  const lane = p % OWN_KEY_BLOCK;
  return base + (p - lane) * hd + OWN_KEY_BLOCK * e + lane;
}

/** What both decode kernels share: the rows' cache slots and the cache geometry. */
export interface DecodeOwnArgs {
  /** Cache slot of each of the c rows (slots[slotsOffset + i] for row i). */
  slots: Int32Array;
  slotsOffset: number;
  c: number;
  head: number;
  heads: number;
  /** Own-cache positions per slot (the cache's capacity; a multiple of OWN_KEY_BLOCK). */
  S: number;
  hd: number;
  /** Cached own positions in use (keys 0 … own−1). */
  own: number;
  ownScores: Float32Array;
}
