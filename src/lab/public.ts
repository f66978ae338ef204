// `rlbound/lab`: the lab's model API for users who train, sample or score tiny models themselves,
// and the plugin that makes lab tasks benchmarks of the measurement side.
export * from './model/index.js';
export { registerLabPlugin } from './plugin.js';
