/*
 * Element-wise and row-wise kernels of the OpenBLAS backend. Portable C, auto-vectorized: on
 * x86-64 with GCC each hot function is compiled three times (AVX-512, AVX2+FMA, baseline SSE2) and
 * the loader picks the widest the CPU has (target_clones), so the addon still runs on any x86-64.
 * exp and tanh are polynomial/rational forms written out here because libm's cannot vectorize.
 */
#include "kernels.h"

#include <math.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define DISPATCH __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define DISPATCH
#endif
#define INLINE static inline __attribute__((always_inline))

/* tanh as Eigen's 13/6 rational function (the same coefficients as ops/fast-tanh.ts). */
INLINE float tanh_rational(float x) {
  const float clamp = 7.90531110763549805f;
  float c = x > clamp ? clamp : (x < -clamp ? -clamp : x);
  float x2 = c * c;
  float p = -2.76076847742355e-16f;
  p = p * x2 + 2.00018790482477e-13f;
  p = p * x2 - 8.60467152213735e-11f;
  p = p * x2 + 5.12229709037114e-8f;
  p = p * x2 + 1.48572235717979e-5f;
  p = p * x2 + 6.37261928875436e-4f;
  p = p * x2 + 4.89352455891786e-3f;
  float q = 1.19825839466702e-6f;
  q = q * x2 + 1.18534705686654e-4f;
  q = q * x2 + 2.268434632439e-3f;
  q = q * x2 + 4.89352518554385e-3f;
  return (c * p) / q;
}

typedef union {
  float f;
  int32_t i;
} bits32;

/*
 * e^x for x ≤ 0 (softmax after subtracting the row maximum): Cephes' expf — x = n·ln2 + r,
 * |r| ≤ ln2/2, a degree-6 polynomial for e^r, 2^n built in the exponent bits — about 1 ulp.
 * Rounding to n uses the 1.5·2^23 trick, so no rint() call blocks vectorization.
 */
INLINE float exp_nonpositive(float x) {
  x = x < -87.0f ? -87.0f : x;
  const float shifter = 12582912.0f; /* 1.5 · 2^23 */
  bits32 t = {.f = x * 1.44269504088896341f + shifter};
  float n = t.f - shifter;
  float r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  float e = p * (r * r) + r + 1.0f;
  bits32 scale = {.i = (t.i - 0x4B400000 + 127) << 23};
  return e * scale.f;
}

static const float GELU_C = 0.7978845608028654f; /* sqrt(2/π) */
static const float GELU_A = 0.044715f;

DISPATCH void rb_gelu_forward(const float *x, float *y, float *t, size_t n) {
  if (t != NULL) {
#pragma omp simd
    for (size_t i = 0; i < n; i++) {
      float v = x[i];
      float th = tanh_rational(GELU_C * (v + GELU_A * v * v * v));
      t[i] = th;
      y[i] = 0.5f * v * (1.0f + th);
    }
  } else {
#pragma omp simd
    for (size_t i = 0; i < n; i++) {
      float v = x[i];
      y[i] = 0.5f * v * (1.0f + tanh_rational(GELU_C * (v + GELU_A * v * v * v)));
    }
  }
}

DISPATCH void rb_gelu_backward(const float *dy, const float *x, const float *t, float *dx, size_t n) {
  for (size_t i = 0; i < n; i++) {
    float v = x[i];
    float ti = t[i];
    float dt = (1.0f - ti * ti) * GELU_C * (1.0f + 3.0f * GELU_A * v * v);
    dx[i] = dy[i] * (0.5f * (1.0f + ti) + 0.5f * v * dt);
  }
}

DISPATCH void rb_column_sums(const float *dy, float *db, size_t rows, size_t n) {
  /* Columns in chunks that stay in L1; rows are added in order, as the reference does. */
  enum { CHUNK = 512 };
  float acc[CHUNK];
  for (size_t j0 = 0; j0 < n; j0 += CHUNK) {
    size_t w = n - j0 < CHUNK ? n - j0 : CHUNK;
    memcpy(acc, db + j0, w * sizeof(float));
    for (size_t r = 0; r < rows; r++) {
      const float *row = dy + r * n + j0;
      for (size_t j = 0; j < w; j++) acc[j] += row[j];
    }
    memcpy(db + j0, acc, w * sizeof(float));
  }
}

/* ops/layer-norm.ts LAYER_NORM_EPS */
static const float LAYER_NORM_EPS = 1e-5f;

DISPATCH void rb_layer_norm_forward(const float *x, const float *gamma, const float *beta, float *y, float *mean, float *rstd, size_t rows,
                                    size_t d) {
  for (size_t r = 0; r < rows; r++) {
    const float *xr = x + r * d;
    float *yr = y + r * d;
    float s = 0.0f;
#pragma omp simd reduction(+ : s)
    for (size_t j = 0; j < d; j++) s += xr[j];
    const float m = s / (float)d;
    float v = 0.0f;
#pragma omp simd reduction(+ : v)
    for (size_t j = 0; j < d; j++) v += (xr[j] - m) * (xr[j] - m);
    const float rs = 1.0f / sqrtf(v / (float)d + LAYER_NORM_EPS);
    mean[r] = m;
    rstd[r] = rs;
    for (size_t j = 0; j < d; j++) yr[j] = (xr[j] - m) * rs * gamma[j] + beta[j];
  }
}

DISPATCH void rb_layer_norm_backward(const float *dy, const float *x, const float *gamma, const float *mean, const float *rstd, float *dx,
                                     float *dgamma, float *dbeta, size_t rows, size_t d) {
  for (size_t r = 0; r < rows; r++) {
    const float *xr = x + r * d, *dyr = dy + r * d;
    float *dxr = dx + r * d;
    const float m = mean[r], rs = rstd[r];
    float sum_g = 0.0f, sum_gx = 0.0f;
#pragma omp simd reduction(+ : sum_g, sum_gx)
    for (size_t j = 0; j < d; j++) {
      const float xhat = (xr[j] - m) * rs;
      const float g = dyr[j] * gamma[j];
      sum_g += g;
      sum_gx += g * xhat;
      dgamma[j] += dyr[j] * xhat;
      dbeta[j] += dyr[j];
    }
    const float mean_g = sum_g / (float)d, mean_gx = sum_gx / (float)d;
    for (size_t j = 0; j < d; j++) {
      const float xhat = (xr[j] - m) * rs;
      dxr[j] += rs * (dyr[j] * gamma[j] - mean_g - xhat * mean_gx);
    }
  }
}

DISPATCH void rb_rows_plus_bias(const float *x, const float *bias, float *out, size_t rows, size_t n) {
  for (size_t r = 0; r < rows; r++) {
    float *o = out + r * n;
    if (x == NULL)
      memcpy(o, bias, n * sizeof(float));
    else
      for (size_t j = 0; j < n; j++) o[j] = x[r * n + j] + bias[j];
  }
}

DISPATCH void rb_adamw(float *p, const float *g, float *m, float *v, size_t n, const rb_adamw_coefficients *c) {
  const float b1 = c->beta1, b2 = c->beta2, a1 = 1.0f - c->beta1, a2 = 1.0f - c->beta2;
  const float step = c->step_size, inv_bc2 = 1.0f / c->bc2_sqrt, eps = c->eps, shrink = c->shrink;
  for (size_t i = 0; i < n; i++) {
    const float gi = g[i];
    const float mi = b1 * m[i] + a1 * gi;
    const float vi = b2 * v[i] + a2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] = p[i] * shrink - step * mi / (sqrtf(vi) * inv_bc2 + eps);
  }
}

/*
 * Rows are short (row i of a causal block has i + 1 entries, 64 at most in the lab), so loops over
 * them would run mostly in the compiler's scalar remainder code. Each row is therefore copied into
 * a scratch row padded to whole blocks of LANES, and every loop works on whole blocks with
 * lane-wise max and sum accumulators (one AVX-512 register, two AVX2, four SSE).
 */
enum { LANES = 16 };

DISPATCH void rb_causal_softmax_forward(float *s, int T, float scale, float *buf) {
  for (int i = 0; i < T; i++) {
    float *row = s + (size_t)i * T;
    const int n = i + 1, m = (n + LANES - 1) / LANES * LANES;
    for (int j = 0; j < n; j++) buf[j] = row[j] * scale;
    /* Padding far below any score: it never wins the max and its exp underflows to ~1e-38. */
    for (int j = n; j < m; j++) buf[j] = -1e30f;
    float lane_max[LANES], lane_sum[LANES];
    for (int l = 0; l < LANES; l++) lane_max[l] = buf[l];
    for (int b = LANES; b < m; b += LANES)
      for (int l = 0; l < LANES; l++) lane_max[l] = lane_max[l] > buf[b + l] ? lane_max[l] : buf[b + l];
    /* Pairwise halving: vector max operations, no per-lane branches. */
    for (int w = LANES / 2; w > 0; w /= 2)
      for (int l = 0; l < w; l++) lane_max[l] = lane_max[l] > lane_max[l + w] ? lane_max[l] : lane_max[l + w];
    const float max = lane_max[0];
    for (int l = 0; l < LANES; l++) lane_sum[l] = 0.0f;
    for (int b = 0; b < m; b += LANES)
      for (int l = 0; l < LANES; l++) {
        float e = exp_nonpositive(buf[b + l] - max);
        buf[b + l] = e;
        lane_sum[l] += e;
      }
    for (int w = LANES / 2; w > 0; w /= 2)
      for (int l = 0; l < w; l++) lane_sum[l] += lane_sum[l + w];
    const float inv = 1.0f / lane_sum[0];
    for (int j = 0; j < n; j++) row[j] = buf[j] * inv;
    if (n < T) memset(row + n, 0, (size_t)(T - n) * sizeof(float));
  }
}

DISPATCH void rb_causal_softmax_backward(const float *p, float *dp, int T, float scale) {
  for (int i = 0; i < T; i++) {
    const float *pr = p + (size_t)i * T;
    float *dr = dp + (size_t)i * T;
    float dot = 0.0f;
#pragma omp simd reduction(+ : dot)
    for (int j = 0; j <= i; j++) dot += pr[j] * dr[j];
    for (int j = 0; j <= i; j++) dr[j] = scale * pr[j] * (dr[j] - dot);
    if (i + 1 < T) memset(dr + i + 1, 0, (size_t)(T - i - 1) * sizeof(float));
  }
}
