// The analyses' generator now lives in the shared utility (one xoshiro128** for the whole project);
// this path stays for one merge cycle so branches that import it keep compiling.
export { createRng, type AnalysisRng as Rng } from '../util/rng.js';
