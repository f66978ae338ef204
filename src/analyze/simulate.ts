import type { ProblemOutcome } from './outcome.js';
import { createRng, type Rng } from './rng.js';

/** Draws c ~ Binomial(n, p) by n Bernoulli trials (exact; fine for the n of pass@k studies). */
export function drawBinomial(rng: Rng, n: number, p: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) if (rng.nextFloat() < p) c++;
  return c;
}

/**
 * Simulated outcomes for problems with known true success rates: n samples each, c drawn from
 * Binomial(n, rate). For demos, power checks ("how many samples to see this crossover?") and tests.
 */
export function simulateOutcomes(rates: readonly number[], n: number, seed: number): ProblemOutcome[] {
  const rng = createRng(seed);
  return rates.map((p, i) => ({ problemId: `p${i}`, n, c: drawBinomial(rng, n, p) }));
}
