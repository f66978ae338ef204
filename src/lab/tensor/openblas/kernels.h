/*
 * Non-matmul kernels of the OpenBLAS backend (kernels.c, attention.c). Plain C over raw float
 * pointers; the N-API glue in addon.c checks buffer lengths before calling them. Each mirrors a
 * plain-TypeScript reference op (named below) and is parity-tested against it.
 */
#ifndef RLBOUND_KERNELS_H
#define RLBOUND_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/* ops/gelu.ts geluForward: y = gelu(x) (tanh form); the tanh values into t unless t is NULL. */
void rb_gelu_forward(const float *x, float *y, float *t, size_t n);
/* ops/gelu.ts geluBackward: dx = dy · gelu'(x) from the saved tanh t; dx may alias dy. */
void rb_gelu_backward(const float *dy, const float *x, const float *t, float *dx, size_t n);
/* ops/bias.ts accumulateColumnSums: db[j] += Σ_r dy[r, j], rows added in order (same rounding). */
void rb_column_sums(const float *dy, float *db, size_t rows, size_t n);
/* ops/layer-norm.ts layerNormForward: each row of x (rows × d) normalized, mean and 1/std saved. */
void rb_layer_norm_forward(const float *x, const float *gamma, const float *beta, float *y, float *mean, float *rstd, size_t rows, size_t d);
/* ops/layer-norm.ts layerNormBackward: ACCUMULATES into dx, dgamma and dbeta. */
void rb_layer_norm_backward(const float *dy, const float *x, const float *gamma, const float *mean, const float *rstd, float *dx,
                            float *dgamma, float *dbeta, size_t rows, size_t d);
/* ops/bias.ts rowsPlusBias: out[r, j] = x[r, j] + bias[j] (bias alone when x is NULL); out may alias x. */
void rb_rows_plus_bias(const float *x, const float *bias, float *out, size_t rows, size_t n);
/* train/adamw.ts AdamW.step over one range of the flat buffers. */
typedef struct {
  float beta1, beta2, eps, step_size, bc2_sqrt, shrink;
} rb_adamw_coefficients;
void rb_adamw(float *p, const float *g, float *m, float *v, size_t n, const rb_adamw_coefficients *c);
/* ops/causal-softmax.ts causalSoftmaxForward on a T × T block, in place; buf: scratch of
   rb_softmax_scratch(T) floats. */
void rb_causal_softmax_forward(float *s, int T, float scale, float *buf);
static inline size_t rb_softmax_scratch(int T) { return ((size_t)T + 15) / 16 * 16; }
/* ops/causal-softmax.ts causalSoftmaxBackward: ds = scale · p ⊙ (dp − Σ p·dp) per row, in place on dp. */
void rb_causal_softmax_backward(const float *p, float *dp, int T, float scale);

/* The geometry of a padded batch: B sequences of width T (real lengths[b] ≤ T), H heads of hd. */
typedef struct {
  const int32_t *lengths;
  int B, T, H, hd;
  float scale;
} rb_attention_shape;

/*
 * model/attention.ts attentionForwardRef (no rotary positions): qkv rows (B·T × 3d, d = H·hd)
 * → head-major q, k, v [B, H, T, hd] (kept for the backward pass), causal attention
 * probabilities att (block (b, h) at (b·H + h)·T·T, lengths[b]² entries, row stride lengths[b]),
 * and the heads' outputs merged into rows y (B·T × d). Padding rows of y are zero. Returns 0, or
 * −1 when scratch memory is unavailable.
 */
int rb_attention_forward(const rb_attention_shape *s, const float *qkv, float *q, float *k, float *v, float *att, float *y);
/*
 * model/attention.ts attentionBackwardRef: dy rows (B·T × d) → dqkv rows (B·T × 3d), from the
 * q, k, v and att the forward pass kept. Returns 0, or −1 when scratch memory is unavailable.
 */
int rb_attention_backward(const rb_attention_shape *s, const float *q, const float *k, const float *v, const float *att, const float *dy,
                          float *dqkv);

#endif
