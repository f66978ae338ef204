/**
 * The seed of every sample is a pure function of (base seed, problem index, sample index):
 *
 *   sampleSeed(B, p, s) = blockOf(B, p) · 2^24 + s,    blockOf(B, p) = mix29((p + h(B)) mod 2^29)
 *
 * where h(B) hashes both 32-bit halves of the base seed to 29 bits and mix29 is a bijection of the
 * 29-bit integers (xorshift and odd-multiplier rounds, each invertible mod 2^29). Consequences:
 * - within a run no two (problem, sample) slots share a seed — it is injective by construction,
 *   not merely unlikely to collide — so resuming or splitting a run never repeats a sample;
 * - consecutive sample indices of a problem get consecutive seeds, which is what servers that
 *   derive child seeds s, s+1, … from one request seed (vLLM with n > 1) need to batch requests;
 * - different base seeds shift every problem to an unrelated block;
 * - seeds stay below 2^53 (safe JavaScript integers). Servers with 32-bit seeds must reduce them.
 * Limits: problem index < 2^29, sample index < 2^24 (16,777,216 samples per problem).
 */
export const MAX_PROBLEM_INDEX = 2 ** 29 - 1;
export const MAX_SAMPLE_INDEX = 2 ** 24 - 1;

const MASK29 = 2 ** 29 - 1;

function mix29(x: number): number {
  x &= MASK29;
  x ^= x >>> 15;
  x = Math.imul(x, 0x2c1b3c6d) & MASK29;
  x ^= x >>> 12;
  x = Math.imul(x, 0x297a2d39) & MASK29;
  x ^= x >>> 15;
  return x;
}

function hashBaseSeed(base: number): number {
  const lo = base >>> 0;
  const hi = Math.floor(base / 2 ** 32) >>> 0;
  let h = Math.imul(lo ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h ^ hi, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & MASK29;
}

export function sampleSeed(baseSeed: number, problemIndex: number, sampleIndex: number): number {
  if (!Number.isSafeInteger(baseSeed) || baseSeed < 0) throw new RangeError(`base seed must be a non-negative safe integer (got ${baseSeed})`);
  if (!Number.isInteger(problemIndex) || problemIndex < 0 || problemIndex > MAX_PROBLEM_INDEX)
    throw new RangeError(`problem index must be an integer in [0, ${MAX_PROBLEM_INDEX}] (got ${problemIndex})`);
  if (!Number.isInteger(sampleIndex) || sampleIndex < 0 || sampleIndex > MAX_SAMPLE_INDEX)
    throw new RangeError(`sample index must be an integer in [0, ${MAX_SAMPLE_INDEX}] (got ${sampleIndex})`);
  const block = mix29((problemIndex + hashBaseSeed(baseSeed)) & MASK29);
  return block * 2 ** 24 + sampleIndex;
}
