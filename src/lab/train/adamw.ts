import type { FloatArray } from '../tensor/float-array.js';
import { releaseBuffers, type Engine } from '../tensor/engine.js';

export interface AdamWOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Decoupled weight decay (PyTorch AdamW semantics), applied only to ranges marked `decay`. */
  weightDecay?: number;
}

/** A contiguous range of the flat parameter buffer and whether weight decay applies to it. */
export interface DecayRange {
  offset: number;
  size: number;
  decay: boolean;
}

/** Anything with a flat parameter buffer, a matching gradient buffer and a layout (e.g. GptModel). */
export interface Trainable {
  readonly engine: Engine;
  readonly params: FloatArray;
  readonly grads: FloatArray;
  readonly layout: { specs: readonly DecayRange[] };
}

/**
 * AdamW over one flat buffer, matching torch.optim.AdamW:
 *   p ← p·(1 − lr·wd);  m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²
 *   p ← p − lr/(1−β1ᵗ) · m / (sqrt(v)/sqrt(1−β2ᵗ) + eps)
 * The loop below is the reference; an engine with a native update (engine.optimizer, the OpenBLAS
 * backend) runs that instead, in float32 (tested against this loop).
 */
export class AdamW {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** First and second moment estimates (same layout as the parameters). */
  readonly m: FloatArray;
  readonly v: FloatArray;
  /** Number of updates taken so far. */
  t = 0;
  private readonly target: Trainable;
  private disposed = false;

  constructor(target: Trainable, options: AdamWOptions = {}) {
    this.target = target;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    this.m = target.engine.alloc(target.params.length);
    this.v = target.engine.alloc(target.params.length);
  }

  /** Returns the moment buffers to the backend; the optimizer must not step afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    releaseBuffers(this.target.engine, [this.m, this.v]);
  }

  /** One update with learning rate `lr` from the gradients currently in `target.grads`. */
  step(lr: number): void {
    this.t += 1;
    const { params: p, grads: g } = this.target;
    const { m, v, beta1: b1, beta2: b2, eps } = this;
    const stepSize = lr / (1 - Math.pow(b1, this.t));
    const bc2Sqrt = Math.sqrt(1 - Math.pow(b2, this.t));
    const native = this.target.engine.optimizer;
    for (const range of this.target.layout.specs) {
      const shrink = range.decay ? 1 - lr * this.weightDecay : 1;
      const end = range.offset + range.size;
      if (native !== undefined) {
        // float32 engine: every buffer is a Float32Array from the backend.
        const view = (x: FloatArray) => x.subarray(range.offset, end) as Float32Array;
        native.adamw(view(p), view(g), view(m), view(v), range.size, { beta1: b1, beta2: b2, eps, stepSize, bc2Sqrt, shrink });
        continue;
      }
      for (let i = range.offset; i < end; i++) {
        const gi = g[i];
        const mi = b1 * m[i] + (1 - b1) * gi;
        const vi = b2 * v[i] + (1 - b2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = p[i] * shrink - (stepSize * mi) / (Math.sqrt(vi) / bc2Sqrt + eps);
      }
    }
  }
}
