import type { TokenBatch } from '../model/batch.js';
import type { GptModel, ForwardOutputs } from '../model/gpt.js';
import type { OutputGradients } from '../model/gpt-backward.js';
import type { AdamW } from './adamw.js';
import { clipGradNorm, gradNorm as globalNorm } from './clip.js';

/** What a loss function returns: its value plus the per-token gradients to backpropagate. */
export interface LossWithGradients extends OutputGradients {
  loss: number;
}

export type TokenLossFn = (out: ForwardOutputs) => LossWithGradients;

export interface StepOptions {
  lr: number;
  /** Clip the global gradient norm to this value (null: no clipping). */
  maxGradNorm: number | null;
}

export interface StepResult {
  /** Mean of the micro-batch losses. */
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  lr: number;
}

/**
 * One optimizer step over one or more micro-batches: zero grads, forward + loss + backward per
 * micro-batch (gradients add up; the loss function is responsible for its normalisation), clip,
 * AdamW update. SFT passes `weightedNll`; RL passes its policy-gradient loss.
 */
export function trainStep(model: GptModel, optimizer: AdamW, microBatches: readonly TokenBatch[], lossFn: TokenLossFn, options: StepOptions): StepResult {
  model.zeroGrad();
  let loss = 0;
  for (const batch of microBatches) {
    const out = model.forward(batch);
    const l = lossFn(out);
    model.backward(l);
    loss += l.loss;
  }
  const gradNorm = options.maxGradNorm === null ? globalNorm(model.grads) : clipGradNorm(model.grads, options.maxGradNorm);
  optimizer.step(options.lr);
  return { loss: loss / Math.max(1, microBatches.length), gradNorm, lr: options.lr };
}
