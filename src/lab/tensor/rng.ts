// The lab's seeded generator is the project's shared one (src/util/rng.ts); the lab keeps
// importing it from here.
export { Rng, deriveSeed } from '../../util/rng.js';
