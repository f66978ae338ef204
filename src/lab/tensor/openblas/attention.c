/*
 * The model's batched causal self-attention (training forward/backward and the sampler's prompt
 * pass), one call per layer instead of thousands of small gemm calls from JavaScript. Per
 * (sequence, head) block the matmuls are cblas_sgemm calls whose leading dimensions read and
 * write the row-major qkv / y / dqkv matrices directly, so the head split and merge cost only the
 * copies of q, k, v the backward pass needs anyway.
 */
#include <cblas.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

#define ROW_MAJOR CblasRowMajor
#define N_ CblasNoTrans
#define T_ CblasTrans

/* Zeroes rows [from, to) of width w in a matrix with row stride ld. */
static void zero_rows(float *m, int from, int to, int w, int ld) {
  for (int t = from; t < to; t++) memset(m + (size_t)t * ld, 0, (size_t)w * sizeof(float));
}

int rb_attention_forward(const rb_attention_shape *s, const float *qkv, float *q, float *k, float *v, float *att, float *y) {
  const int T = s->T, H = s->H, hd = s->hd, d = H * hd;
  const size_t row_bytes = (size_t)hd * sizeof(float);
  float *buf = malloc(rb_softmax_scratch(T) * sizeof(float) + 1);
  if (buf == NULL) return -1;
  for (int b = 0; b < s->B; b++) {
    const int Tb = s->lengths[b];
    for (int h = 0; h < H; h++) {
      const size_t o = ((size_t)b * H + h) * T * hd;
      for (int t = 0; t < T; t++) {
        const float *src = qkv + ((size_t)b * T + t) * 3 * d + (size_t)h * hd;
        memcpy(q + o + (size_t)t * hd, src, row_bytes);
        memcpy(k + o + (size_t)t * hd, src + d, row_bytes);
        memcpy(v + o + (size_t)t * hd, src + 2 * d, row_bytes);
      }
      float *yb = y + (size_t)b * T * d + (size_t)h * hd;
      zero_rows(yb, Tb, T, hd, d);
      if (Tb == 0) continue;
      float *a = att + ((size_t)b * H + h) * T * T;
      cblas_sgemm(ROW_MAJOR, N_, T_, Tb, Tb, hd, 1.0f, q + o, hd, k + o, hd, 0.0f, a, Tb);
      rb_causal_softmax_forward(a, Tb, s->scale, buf);
      cblas_sgemm(ROW_MAJOR, N_, N_, Tb, hd, Tb, 1.0f, a, Tb, v + o, hd, 0.0f, yb, d);
    }
  }
  free(buf);
  return 0;
}

int rb_attention_backward(const rb_attention_shape *s, const float *q, const float *k, const float *v, const float *att, const float *dy,
                          float *dqkv) {
  const int T = s->T, H = s->H, hd = s->hd, d = H * hd;
  float *dAtt = malloc((size_t)T * T * sizeof(float) + 1);
  if (dAtt == NULL) return -1;
  for (int b = 0; b < s->B; b++) {
    const int Tb = s->lengths[b];
    float *rows = dqkv + (size_t)b * T * 3 * d;
    for (int h = 0; h < H; h++) {
      const size_t o = ((size_t)b * H + h) * T * hd;
      float *dq = rows + (size_t)h * hd, *dk = dq + d, *dv = dq + 2 * d;
      zero_rows(dq, Tb, T, hd, 3 * d);
      zero_rows(dk, Tb, T, hd, 3 * d);
      zero_rows(dv, Tb, T, hd, 3 * d);
      if (Tb == 0) continue;
      const float *a = att + ((size_t)b * H + h) * T * T;
      const float *dyb = dy + (size_t)b * T * d + (size_t)h * hd;
      cblas_sgemm(ROW_MAJOR, N_, T_, Tb, Tb, hd, 1.0f, dyb, d, v + o, hd, 0.0f, dAtt, Tb);
      cblas_sgemm(ROW_MAJOR, T_, N_, Tb, hd, Tb, 1.0f, a, Tb, dyb, d, 0.0f, dv, 3 * d);
      rb_causal_softmax_backward(a, dAtt, Tb, s->scale);
      cblas_sgemm(ROW_MAJOR, N_, N_, Tb, hd, Tb, 1.0f, dAtt, Tb, k + o, hd, 0.0f, dq, 3 * d);
      cblas_sgemm(ROW_MAJOR, T_, N_, Tb, hd, Tb, 1.0f, dAtt, Tb, q + o, hd, 0.0f, dk, 3 * d);
    }
  }
  free(dAtt);
  return 0;
}
