// Tests call the library directly, so they register the lab plugin the way the CLI and the package
// entry point do (lab benchmarks `lab-countdown`, the lab task verifier).
import { registerLabPlugin } from '../../src/lab/plugin.js';

registerLabPlugin();
