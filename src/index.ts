// Public library entry point: every CLI command is a thin wrapper over what is exported here.
export * from './errors.js';
export { VERSION } from './version.js';
export * from './analyze/index.js';
export * from './study/index.js';
export * from './verify/code/index.js';
export * from './report/index.js';
export * from './view/index.js';
export * from './verify/math/index.js';
export { MathGradingPool } from './verify/math/pool.js';
export * from './bench/index.js';
export * from './pipeline/index.js';
export * as sample from './sample/index.js';
export * as lab from './lab/model/index.js';
