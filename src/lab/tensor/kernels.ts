/**
 * Optional fast versions of the model's non-matmul kernels, offered by a backend whose buffers live
 * in its own memory (the wasm backend: assembly/kernels.ts). The plain-TypeScript functions in
 * ./ops are the reference: same arguments, same results to float32
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
   * One KV-cache decode step of attention for a run of rows that share one prompt's cached prefix
   * (see DecodeAttentionArgs): appends each row's k and v to its own caches at `step`, then
   * y = softmax(q·K/√hd over the prefix and the row's own keys 0 … step) · V, for every head.
   */
  decodeAttention(args: DecodeAttentionArgs): void;
  /** out[r, j] = x[r, j] + bias[j] (bias alone when x is null), rows × n; out may alias x. */
  rowsPlusBias(x: Float32Array | null, bias: Float32Array, out: Float32Array, rows: number, n: number): void;
  /** db[j] += Σ_r dy[r, j] (rows × n). */
  columnSums(dy: Float32Array, db: Float32Array, rows: number, n: number): void;
}

/**
 * Cached keys (the shared prefix's and each sample's own) are stored in blocks of KEY_BLOCK
 * positions, head-dim-major inside a block: within one (group or slot, head) region of `stride`
 * positions starting at `base`, key element e of position p is at
 *   base + (p − p mod 4)·hd + 4·e + p mod 4,
 * so the scores of four keys are four-lane multiply-adds over the head dims, with no horizontal sum
 * per key. Strides (cache capacities in positions) are therefore multiples of 4. Value caches keep
 * one contiguous row per position: [group or slot, head, position, hd].
 */
export const KEY_BLOCK = 4;

/** Offset of key element (position p, dim e) in a blocked key region starting at `base`. */
export function cachedKeyIndex(base: number, p: number, e: number, hd: number): number {
  const lane = p % KEY_BLOCK;
  return base + (p - lane) * hd + KEY_BLOCK * e + lane;
}

/** One decode step of attention for a run of `c` rows (samples of one prompt), all heads. */
export interface DecodeAttentionArgs {
  /** The run's rows of the fused projection: c × 3·heads·hd (q | k | v, heads side by side). */
  qkv: Float32Array;
  /** Output: the run's attention rows, c × heads·hd. */
  y: Float32Array;
  /** The layer's prefix caches: keys blocked, values [group, head, prefixStride, hd]. */
  kPre: Float32Array;
  vPre: Float32Array;
  /** The layer's own caches: keys blocked, values [slot, head, S, hd]. */
  kOwn: Float32Array;
  vOwn: Float32Array;
  /** Cache slot of each of the c rows (slots[slotsOffset + i] for row i). */
  slots: Int32Array;
  slotsOffset: number;
  c: number;
  heads: number;
  hd: number;
  /** The prompt (prefix group) the run shares, its cached length and the prefix caches' stride. */
  group: number;
  prefixLength: number;
  prefixStride: number;
  /** Own-cache positions per slot (a multiple of KEY_BLOCK). */
  S: number;
  /** Own position this step appends (the rows attend to own positions 0 … step). */
  step: number;
  scale: number;
}
