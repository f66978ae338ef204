// Test fixtures simulate with the library's own seeded generator.
export { simulateOutcomes as simulate } from '../../src/analyze/index.js';
