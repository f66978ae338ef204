// RL mathematics as pure functions (rlvr-algorithms.md), plus the RL trainer built on them.
export * from './tokens.js';
export * from './whiten.js';
export * from './aggregate.js';
export * from './kl.js';
export * from './policy-loss.js';
export * from './value-loss.js';
export * from './entropy.js';
export * from './advantage/index.js';
export * from './algorithms.js';
export * from './config.js';
export * from './step-batch.js';
export * from './rollout.js';
export * from './token-view.js';
export * from './models.js';
export * from './prompt-cycler.js';
export * from './trainer.js';
