// Set-up of every test file (vitest.config.ts `setupFiles`).
import { registerLabPlugin } from '../../src/lab/plugin.js';

// Tests call the library directly, so they register the lab plugin the way the CLI and the package
// entry point do (lab benchmarks `lab-countdown`, the lab task verifier).
registerLabPlugin();

// Nothing downloads at test time: a benchmark whose data is not where the test says fails at once
// ("offline mode") instead of falling back to the Hugging Face Hub. Spawned CLIs inherit it. Tests
// of the downloader itself pass `offline: false` with a local server as the endpoint.
process.env.RLBOUND_OFFLINE = '1';
