import type { FloatArray } from '../tensor/float-array.js';

/** Global L2 norm of a gradient buffer. */
export function gradNorm(grads: FloatArray): number {
  let s = 0;
  for (let i = 0; i < grads.length; i++) s += grads[i] * grads[i];
  return Math.sqrt(s);
}

/**
 * Scale `grads` in place so its global L2 norm is at most `maxNorm` (torch.nn.utils.clip_grad_norm_:
 * factor maxNorm / (norm + 1e-6), applied only when below 1). Returns the norm before clipping.
 */
export function clipGradNorm(grads: FloatArray, maxNorm: number): number {
  const norm = gradNorm(grads);
  const coef = maxNorm / (norm + 1e-6);
  if (coef < 1) for (let i = 0; i < grads.length; i++) grads[i] *= coef;
  return norm;
}
