/*
 * rlbound's optional native sgemm: a small N-API addon over the system OpenBLAS (Debian's
 * libopenblas-dev). Built only by `npm run build:openblas`; the lab never requires it.
 *
 *   sgemm(transA, transB, M, N, K, A, B, C, accumulate)   Float32Arrays, row-major, as ComputeBackend
 *   geluForward(x, y, n, t | null), geluBackward(dy, x, t, dx, n), columnSums(dy, db, rows, n)
 *   layerNormForward(x, gamma, beta, y, mean, rstd, rows, d)
 *   layerNormBackward(dy, x, gamma, mean, rstd, dx, dGamma, dBeta, rows, d), rowsPlusBias(x | null, bias, out, rows, n)
 *   adamw(p, g, m, v, n, beta1, beta2, eps, stepSize, bc2Sqrt, shrink)
 *   attentionForward(lengths, B, T, H, hd, scale, qkv, q, k, v, att, y)
 *   attentionBackward(lengths, B, T, H, hd, scale, q, k, v, att, dy, dqkv)      (kernels.h)
 *   info() -> { corename, config }
 *
 * Argument validation (sizes, lengths, aliasing) happens in TypeScript before the call; this file only
 * re-checks what could crash the process (types, lengths).
 */
#include <cblas.h>
#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>

#include "kernels.h"

#define CHECK(call)                                                                                \
  do {                                                                                             \
    if ((call) != napi_ok) {                                                                       \
      napi_throw_error(env, NULL, "rlbound_openblas: N-API call failed: " #call);                 \
      return NULL;                                                                                 \
    }                                                                                              \
  } while (0)

static bool float32_data(napi_env env, napi_value value, float **data, size_t *length) {
  bool is_typed;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) return false;
  napi_typedarray_type type;
  void *raw;
  if (napi_get_typedarray_info(env, value, &type, length, &raw, NULL, NULL) != napi_ok) return false;
  if (type != napi_float32_array) return false;
  *data = (float *)raw;
  return true;
}

static napi_value sgemm(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 9) {
    napi_throw_type_error(env, NULL, "rlbound_openblas.sgemm: expected 9 arguments");
    return NULL;
  }
  bool transA, transB, accumulate;
  int32_t M, N, K;
  CHECK(napi_get_value_bool(env, argv[0], &transA));
  CHECK(napi_get_value_bool(env, argv[1], &transB));
  CHECK(napi_get_value_int32(env, argv[2], &M));
  CHECK(napi_get_value_int32(env, argv[3], &N));
  CHECK(napi_get_value_int32(env, argv[4], &K));
  CHECK(napi_get_value_bool(env, argv[8], &accumulate));
  float *A, *B, *C;
  size_t lenA, lenB, lenC;
  if (!float32_data(env, argv[5], &A, &lenA) || !float32_data(env, argv[6], &B, &lenB) ||
      !float32_data(env, argv[7], &C, &lenC)) {
    napi_throw_type_error(env, NULL, "rlbound_openblas.sgemm: A, B and C must be Float32Arrays");
    return NULL;
  }
  if (M < 0 || N < 0 || K < 0 || lenA < (size_t)M * K || lenB < (size_t)K * N || lenC < (size_t)M * N) {
    napi_throw_range_error(env, NULL, "rlbound_openblas.sgemm: buffer too short for M, N, K");
    return NULL;
  }
  if (M == 0 || N == 0) return NULL;
  if (K == 0) {
    if (!accumulate)
      for (size_t i = 0; i < (size_t)M * N; i++) C[i] = 0.0f;
    return NULL;
  }
  /* Row-major: lda is the stored row length of A (K, or M when transposed); likewise for B. */
  cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, M, N, K, 1.0f, A,
              transA ? M : K, B, transB ? K : N, accumulate ? 1.0f : 0.0f, C, N);
  return NULL;
}

/* The Float32Array argv[i] with at least `need` elements, or NULL after throwing. */
static float *f32_arg(napi_env env, napi_value *argv, int i, size_t need) {
  float *data;
  size_t length;
  if (!float32_data(env, argv[i], &data, &length)) {
    napi_throw_type_error(env, NULL, "rlbound_openblas: expected a Float32Array argument");
    return NULL;
  }
  if (length < need) {
    napi_throw_range_error(env, NULL, "rlbound_openblas: buffer too short for the given sizes");
    return NULL;
  }
  return data;
}

/* argv[i] as a non-negative int32, or -1 after throwing. */
static int32_t count_arg(napi_env env, napi_value *argv, int i) {
  int32_t value;
  if (napi_get_value_int32(env, argv[i], &value) != napi_ok || value < 0) {
    napi_throw_range_error(env, NULL, "rlbound_openblas: sizes must be non-negative integers");
    return -1;
  }
  return value;
}

/* Reads exactly `want` arguments into argv; false after throwing. */
static bool get_args(napi_env env, napi_callback_info info, napi_value *argv, size_t want) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != want) {
    napi_throw_type_error(env, NULL, "rlbound_openblas: wrong number of arguments");
    return false;
  }
  return true;
}

/* Reads `count` Float32Arrays from argv[0..count) with the given minimum lengths; false after throwing. */
static bool f32_args(napi_env env, napi_value *argv, int count, const size_t *need, float **out) {
  for (int i = 0; i < count; i++)
    if ((out[i] = f32_arg(env, argv, i, need[i])) == NULL) return false;
  return true;
}

/* Reads argv[i] and argv[i + 1] as (rows, width); false after throwing. */
static bool rows_arg(napi_env env, napi_value *argv, int i, size_t *rows, size_t *width) {
  int32_t r = count_arg(env, argv, i), w = r < 0 ? -1 : count_arg(env, argv, i + 1);
  if (w < 0) return false;
  *rows = (size_t)r, *width = (size_t)w;
  return true;
}

static napi_value gelu_forward(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!get_args(env, info, argv, 4)) return NULL;
  int32_t n = count_arg(env, argv, 2);
  if (n < 0) return NULL;
  float *x = f32_arg(env, argv, 0, n), *y = x ? f32_arg(env, argv, 1, n) : NULL;
  if (y == NULL) return NULL;
  napi_valuetype type;
  CHECK(napi_typeof(env, argv[3], &type));
  float *t = NULL;
  if (type != napi_null && (t = f32_arg(env, argv, 3, n)) == NULL) return NULL;
  rb_gelu_forward(x, y, t, (size_t)n);
  return NULL;
}

static napi_value gelu_backward(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (!get_args(env, info, argv, 5)) return NULL;
  int32_t n = count_arg(env, argv, 4);
  float *p[4];
  const size_t need[4] = {n, n, n, n};
  if (n < 0 || !f32_args(env, argv, 4, need, p)) return NULL;
  rb_gelu_backward(p[0], p[1], p[2], p[3], (size_t)n);
  return NULL;
}

static napi_value column_sums(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  size_t rows, n;
  float *p[2];
  if (!get_args(env, info, argv, 4) || !rows_arg(env, argv, 2, &rows, &n)) return NULL;
  const size_t need[2] = {rows * n, n};
  if (!f32_args(env, argv, 2, need, p)) return NULL;
  rb_column_sums(p[0], p[1], rows, n);
  return NULL;
}

static napi_value layer_norm_forward(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  size_t rows, d;
  float *p[6];
  if (!get_args(env, info, argv, 8) || !rows_arg(env, argv, 6, &rows, &d)) return NULL;
  const size_t need[6] = {rows * d, d, d, rows * d, rows, rows};
  if (!f32_args(env, argv, 6, need, p)) return NULL;
  rb_layer_norm_forward(p[0], p[1], p[2], p[3], p[4], p[5], rows, d);
  return NULL;
}

static napi_value layer_norm_backward(napi_env env, napi_callback_info info) {
  napi_value argv[10];
  size_t rows, d;
  float *p[8];
  if (!get_args(env, info, argv, 10) || !rows_arg(env, argv, 8, &rows, &d)) return NULL;
  const size_t need[8] = {rows * d, rows * d, d, rows, rows, rows * d, d, d};
  if (!f32_args(env, argv, 8, need, p)) return NULL;
  rb_layer_norm_backward(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], rows, d);
  return NULL;
}

static napi_value rows_plus_bias(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  size_t rows, n;
  if (!get_args(env, info, argv, 5) || !rows_arg(env, argv, 3, &rows, &n)) return NULL;
  napi_valuetype type;
  CHECK(napi_typeof(env, argv[0], &type));
  float *x = NULL, *bias, *out;
  if (type != napi_null && (x = f32_arg(env, argv, 0, rows * n)) == NULL) return NULL;
  if ((bias = f32_arg(env, argv, 1, n)) == NULL || (out = f32_arg(env, argv, 2, rows * n)) == NULL) return NULL;
  rb_rows_plus_bias(x, bias, out, rows, n);
  return NULL;
}

static napi_value adamw(napi_env env, napi_callback_info info) {
  napi_value argv[11];
  if (!get_args(env, info, argv, 11)) return NULL;
  int32_t n = count_arg(env, argv, 4);
  float *p[4];
  const size_t need[4] = {n, n, n, n};
  if (n < 0 || !f32_args(env, argv, 4, need, p)) return NULL;
  double k[6];
  for (int i = 0; i < 6; i++)
    if (napi_get_value_double(env, argv[5 + i], &k[i]) != napi_ok) {
      napi_throw_type_error(env, NULL, "rlbound_openblas.adamw: coefficients must be numbers");
      return NULL;
    }
  const rb_adamw_coefficients c = {(float)k[0], (float)k[1], (float)k[2], (float)k[3], (float)k[4], (float)k[5]};
  rb_adamw(p[0], p[1], p[2], p[3], (size_t)n, &c);
  return NULL;
}

/* Reads (lengths, B, T, H, hd, scale) from argv[0..5]; false after throwing. */
static bool attention_shape(napi_env env, napi_value *argv, rb_attention_shape *s) {
  int32_t dims[4];
  for (int i = 0; i < 4; i++)
    if ((dims[i] = count_arg(env, argv, i + 1)) < 0) return false;
  s->B = dims[0], s->T = dims[1], s->H = dims[2], s->hd = dims[3];
  double scale;
  if (napi_get_value_double(env, argv[5], &scale) != napi_ok) {
    napi_throw_type_error(env, NULL, "rlbound_openblas: scale must be a number");
    return false;
  }
  s->scale = (float)scale;
  bool is_typed;
  napi_typedarray_type type;
  size_t length;
  void *data;
  if (napi_is_typedarray(env, argv[0], &is_typed) != napi_ok || !is_typed ||
      napi_get_typedarray_info(env, argv[0], &type, &length, &data, NULL, NULL) != napi_ok || type != napi_int32_array ||
      length < (size_t)s->B) {
    napi_throw_type_error(env, NULL, "rlbound_openblas: lengths must be an Int32Array with B entries");
    return false;
  }
  s->lengths = data;
  for (int b = 0; b < s->B; b++)
    if (s->lengths[b] < 0 || s->lengths[b] > s->T) {
      napi_throw_range_error(env, NULL, "rlbound_openblas: a sequence length is outside [0, T]");
      return false;
    }
  return true;
}

/* attentionForward / attentionBackward: the shape, then six Float32Arrays (kernels.h order). */
static napi_value attention_call(napi_env env, napi_callback_info info, bool backward) {
  napi_value argv[12];
  rb_attention_shape s;
  if (!get_args(env, info, argv, 12) || !attention_shape(env, argv, &s)) return NULL;
  const size_t rows = (size_t)s.B * s.T, d = (size_t)s.H * s.hd, att = (size_t)s.B * s.H * s.T * s.T;
  /* forward: qkv, q, k, v, att, y;  backward: q, k, v, att, dy, dqkv */
  const size_t need_fwd[6] = {rows * 3 * d, rows * d, rows * d, rows * d, att, rows * d};
  const size_t need_bwd[6] = {rows * d, rows * d, rows * d, att, rows * d, rows * 3 * d};
  float *p[6];
  for (int i = 0; i < 6; i++)
    if ((p[i] = f32_arg(env, argv, 6 + i, backward ? need_bwd[i] : need_fwd[i])) == NULL) return NULL;
  int status = backward ? rb_attention_backward(&s, p[0], p[1], p[2], p[3], p[4], p[5])
                        : rb_attention_forward(&s, p[0], p[1], p[2], p[3], p[4], p[5]);
  if (status != 0) napi_throw_error(env, NULL, "rlbound_openblas: out of memory");
  return NULL;
}

static napi_value attention_forward(napi_env env, napi_callback_info info) { return attention_call(env, info, false); }
static napi_value attention_backward(napi_env env, napi_callback_info info) { return attention_call(env, info, true); }

static napi_value info(napi_env env, napi_callback_info cbinfo) {
  (void)cbinfo;
  napi_value result, corename, config;
  CHECK(napi_create_object(env, &result));
  CHECK(napi_create_string_utf8(env, openblas_get_corename(), NAPI_AUTO_LENGTH, &corename));
  CHECK(napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &config));
  CHECK(napi_set_named_property(env, result, "corename", corename));
  CHECK(napi_set_named_property(env, result, "config", config));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  /* One thread: on a shared 2-vCPU machine a second BLAS thread spins at barriers while the other
     core is busy (docs: cpu-backends.md, lab-prototype.md §3.4). Use the second core coarsely. */
  openblas_set_num_threads(1);
  napi_property_descriptor props[] = {
      {"sgemm", NULL, sgemm, NULL, NULL, NULL, napi_default, NULL},
      {"info", NULL, info, NULL, NULL, NULL, napi_default, NULL},
      {"geluForward", NULL, gelu_forward, NULL, NULL, NULL, napi_default, NULL},
      {"geluBackward", NULL, gelu_backward, NULL, NULL, NULL, napi_default, NULL},
      {"columnSums", NULL, column_sums, NULL, NULL, NULL, napi_default, NULL},
      {"layerNormForward", NULL, layer_norm_forward, NULL, NULL, NULL, napi_default, NULL},
      {"layerNormBackward", NULL, layer_norm_backward, NULL, NULL, NULL, napi_default, NULL},
      {"rowsPlusBias", NULL, rows_plus_bias, NULL, NULL, NULL, napi_default, NULL},
      {"adamw", NULL, adamw, NULL, NULL, NULL, napi_default, NULL},
      {"attentionForward", NULL, attention_forward, NULL, NULL, NULL, napi_default, NULL},
      {"attentionBackward", NULL, attention_backward, NULL, NULL, NULL, napi_default, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
