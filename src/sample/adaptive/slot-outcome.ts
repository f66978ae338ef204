/**
 * Simulated verdicts that depend only on (seed, model, problem, sample index): the outcome of one
 * slot is Bernoulli(rate) decided by a hash of its coordinates. A slot therefore has the same
 * outcome whoever draws it and in whatever order — a resumed simulation stores exactly what an
 * uninterrupted one would, and an adaptive run's samples are a prefix of the uniform run's, as
 * with a real server sampled under `sampleSeed(base, problem, index)` seeds.
 */
export function slotUniform(seed: number, model: number, problem: number, sample: number): number {
  let h = mix(0x9e3779b9 ^ (seed >>> 0));
  h = mix(h ^ Math.imul(Math.floor(seed / 2 ** 32) >>> 0, 0x85ebca6b));
  h = mix(h ^ (model >>> 0));
  h = mix(h ^ (problem >>> 0));
  const hi = mix(h ^ (sample >>> 0));
  const lo = mix(hi ^ 0x27d4eb2d);
  return ((hi >>> 5) * 67108864 + (lo >>> 6)) / 9007199254740992;
}

export function slotOutcome(seed: number, model: number, problem: number, sample: number, rate: number): 0 | 1 {
  return slotUniform(seed, model, problem, sample) < rate ? 1 : 0;
}

/** murmur3's 32-bit finalizer: every input bit affects every output bit. */
function mix(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
