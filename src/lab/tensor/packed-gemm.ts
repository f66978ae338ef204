/**
 * Optional seam for multiplying by one matrix many times: a backend whose gemm repacks B on every
 * call (the wasm backend: 16-column panels) can pack a weight matrix once and reuse the panels —
 * the KV-cache decoder multiplies every projection weight once per decode step, 47 times for 48
 * tokens. Products are bit-identical to the backend's `sgemm` with the same B, for every M (so a
 * sample's tokens do not depend on whether its weights were pre-packed).
 *
 * A packed matrix is a snapshot: later writes to B are not seen until it is packed again (the
 * sampler packs its weights at the start of every call).
 */
export interface PackedMatrix {
  /** op(B)'s columns and rows. */
  readonly N: number;
  readonly K: number;
}

export interface PackedGemm {
  /** Storage for a packed op(B) of N columns and K rows (allocated once, reusable). */
  create(N: number, K: number): PackedMatrix;
  /** Packs op(B) into `into` (B stored K×N, or N×K when transB). */
  pack(transB: boolean, B: Float32Array, into: PackedMatrix): void;
  /** C (M × N) = A (M × K, row-major) · op(B), or C += … when `accumulate`. */
  gemm(M: number, A: Float32Array, packed: PackedMatrix, C: Float32Array, accumulate: boolean): void;
  /** Returns a packed matrix's storage to the backend; the matrix must not be used afterwards. */
  release?(packed: PackedMatrix): void;
}
