/**
 * Optional native optimizer update, offered by the OpenBLAS backend (openblas/kernels.c). The
 * reference is the loop in src/lab/train/adamw.ts, which uses this when the engine has it.
 */
export interface AdamWCoefficients {
  beta1: number;
  beta2: number;
  eps: number;
  /** lr / (1 − β1ᵗ) */
  stepSize: number;
  /** sqrt(1 − β2ᵗ) */
  bc2Sqrt: number;
  /** 1 − lr·weightDecay for decayed ranges, else 1 */
  shrink: number;
}

export interface OptimizerKernels {
  /**
   * One AdamW update of n entries (views of the flat buffers at the same offset):
   *   m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;  p ← p·shrink − stepSize · m / (sqrt(v)/bc2Sqrt + eps)
   */
  adamw(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, n: number, c: AdamWCoefficients): void;
}
