import { createRng, type ProblemOutcome, type Rng } from '../../src/analyze/index.js';

/** Draws c ~ Binomial(n, p) with the package's seeded PRNG (test fixture generator). */
export function binomial(rng: Rng, n: number, p: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) if (rng.nextFloat() < p) c++;
  return c;
}

/** Simulated outcomes for problems with the given true success rates. */
export function simulate(rates: readonly number[], n: number, seed: number): ProblemOutcome[] {
  const rng = createRng(seed);
  return rates.map((p, i) => ({ problemId: `p${i}`, n, c: binomial(rng, n, p) }));
}
