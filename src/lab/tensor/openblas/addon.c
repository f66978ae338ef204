/*
 * rlbound's optional native sgemm: a small N-API addon over the system OpenBLAS (Debian's
 * libopenblas-dev). Built only by `npm run build:openblas`; the lab never requires it.
 *
 *   sgemm(transA, transB, M, N, K, A, B, C, accumulate)   Float32Arrays, row-major, as ComputeBackend
 *   info() -> { corename, config }
 *
 * Argument validation (sizes, lengths, aliasing) happens in TypeScript before the call; this file only
 * re-checks what could crash the process (types, lengths).
 */
#include <cblas.h>
#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>

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
  };
  CHECK(napi_define_properties(env, exports, 2, props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
