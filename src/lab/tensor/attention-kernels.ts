/**
 * Optional native kernels for the model's batched causal self-attention (the training forward and
 * backward passes, and the sampler's prompt pass): one call per layer instead of a JavaScript loop
 * of small gemms and softmaxes per (sequence, head). Offered by the OpenBLAS backend
 * (openblas/attention.c); the reference is src/lab/model/attention.ts, which also decides when a
 * kernel may be used (float32, learned positions). Training needs no row independence, so these
 * kernels promise none; a backend that offers them must still never be picked by `auto` for
 * sampling (select-backend.ts).
 */
export interface AttentionShape {
  /** Real length of each of the B sequences (≤ T); rows past it are padding. */
  lengths: Int32Array;
  B: number;
  /** Padded width. */
  T: number;
  H: number;
  hd: number;
  /** Score scale, 1/sqrt(hd). */
  scale: number;
}

export interface AttentionKernels {
  /**
   * qkv rows (B·T × 3d, d = H·hd) → head-major q, k, v [B, H, T, hd]; causal softmax(scale·q·kᵀ)
   * per (sequence, head) into att (block (b, h) at (b·H + h)·T·T, lengths[b]² entries with row
   * stride lengths[b]); y rows (B·T × d) = att·v per head, padding rows 0.
   */
  forward(s: AttentionShape, qkv: Float32Array, q: Float32Array, k: Float32Array, v: Float32Array, att: Float32Array, y: Float32Array): void;
  /** dy rows (B·T × d) → dqkv rows (B·T × 3d), from the forward pass's q, k, v and att; padding rows 0. */
  backward(s: AttentionShape, q: Float32Array, k: Float32Array, v: Float32Array, att: Float32Array, dy: Float32Array, dqkv: Float32Array): void;
}
