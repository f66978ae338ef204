// Training primitives shared by pretraining, SFT/distillation and RL (docs/lab-engine.md).
export { AdamW, type AdamWOptions, type Trainable, type DecayRange } from './adamw.js';
export { clipGradNorm, gradNorm } from './clip.js';
export { warmupCosineLr, warmupCosineSchema, constantLr, type WarmupCosine } from './schedule.js';
export { responseMask, weightedNll, maskedMean, type WeightedNll } from './token-loss.js';
export { trainStep, type LossWithGradients, type TokenLossFn, type StepOptions, type StepResult } from './train-step.js';
