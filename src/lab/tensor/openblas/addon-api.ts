/** What the native addon (addon.c) exports; sizes in elements, buffers as typed arrays. */
export interface OpenblasAddon {
  sgemm(transA: boolean, transB: boolean, M: number, N: number, K: number, A: Float32Array, B: Float32Array, C: Float32Array, accumulate: boolean): void;
  info(): { corename: string; config: string };
}

/** The non-matmul kernels (kernels.c, attention.c); an addon built before they existed lacks them. */
export interface OpenblasKernelExports {
  geluForward(x: Float32Array, y: Float32Array, n: number, t: Float32Array | null): void;
  geluBackward(dy: Float32Array, x: Float32Array, t: Float32Array, dx: Float32Array, n: number): void;
  columnSums(dy: Float32Array, db: Float32Array, rows: number, n: number): void;
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
  rowsPlusBias(x: Float32Array | null, bias: Float32Array, out: Float32Array, rows: number, n: number): void;
  adamw(
    p: Float32Array,
    g: Float32Array,
    m: Float32Array,
    v: Float32Array,
    n: number,
    beta1: number,
    beta2: number,
    eps: number,
    stepSize: number,
    bc2Sqrt: number,
    shrink: number,
  ): void;
  attentionForward(
    lengths: Int32Array,
    B: number,
    T: number,
    H: number,
    hd: number,
    scale: number,
    qkv: Float32Array,
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    att: Float32Array,
    y: Float32Array,
  ): void;
  attentionBackward(
    lengths: Int32Array,
    B: number,
    T: number,
    H: number,
    hd: number,
    scale: number,
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    att: Float32Array,
    dy: Float32Array,
    dqkv: Float32Array,
  ): void;
}

export const KERNEL_EXPORTS = [
  'geluForward',
  'geluBackward',
  'columnSums',
  'layerNormForward',
  'layerNormBackward',
  'rowsPlusBias',
  'adamw',
  'attentionForward',
  'attentionBackward',
] as const;

export function hasKernels(addon: OpenblasAddon): addon is OpenblasAddon & OpenblasKernelExports {
  const record = addon as unknown as Record<string, unknown>;
  return KERNEL_EXPORTS.every((name) => typeof record[name] === 'function');
}
