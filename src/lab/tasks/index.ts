// Synthetic verifiable reasoning tasks for the lab: generators, verifiers, base corpora, teachers.
export * from './alphabet.js';
export * from './random.js';
export * from './expression.js';
export * from './steps.js';
export * from './task.js';
export * from './partition.js';
export * from './registry.js';
export * from './countdown/index.js';
export * from './arithmetic/index.js';
