import { registerBenchmarkFamily } from '../bench/registry.js';
import { registerVerifier } from '../verify/registry.js';
import { labTaskSpec } from './tasks/benchmark-spec.js';
import { TASK_NAMES } from './tasks/registry.js';
import { labVerifierPlugin } from './tasks/study-verifier.js';

/**
 * The lab as a plugin of the measurement side: its tasks become benchmarks (`lab-countdown`,
 * `lab-arithmetic@hard`) and its task checker a verifier. The edges (the CLI, the package entry
 * point) call this once; the pipeline, queue, sampler and analyses never import the lab.
 */
export function registerLabPlugin(): void {
  registerBenchmarkFamily({ id: 'lab', names: TASK_NAMES.map((t) => `lab-${t}`), resolve: labTaskSpec });
  registerVerifier(labVerifierPlugin);
}
