import { describe, expect, it } from 'vitest';
import type { ProblemOutcome } from '../../../src/analyze/outcome.js';
import { passAtK } from '../../../src/analyze/passk.js';
import { createRng } from '../../../src/analyze/rng.js';
import { adaptivePairedPassAtK } from '../../../src/sample/adaptive/adaptive-estimate.js';
import { adaptiveConfigSchema, resolveAdaptiveConfig } from '../../../src/sample/adaptive/config.js';
import { compareWithUniform } from '../../../src/sample/adaptive/uniform-comparison.js';
import { syntheticRatePair, truePassAtK } from '../../../src/sample/adaptive/synthetic-rates.js';

describe('estimators under a data-dependent n', () => {
  it('the per-problem unbiased estimator is biased by "sample until the first success"; the posterior is not misled', () => {
    // One problem, rate 0.05, sampled until its first success (at most 64): E[1 − C(n−c,k)/C(n,k)] ≠ pass@k.
    const p = 0.05;
    const k = 4;
    const rng = createRng(11);
    let naive = 0;
    const outcomes: ProblemOutcome[] = [];
    const reps = 4000;
    for (let r = 0; r < reps; r++) {
      let n = 0;
      let c = 0;
      while (n < 64 && c === 0) {
        n++;
        if (rng.nextFloat() < p) c = 1;
      }
      if (n < k) n = k; // pad: the estimator needs n ≥ k (extra failures, as a fixed-n run would see)
      naive += passAtK(n, c, k);
      outcomes.push({ problemId: `r${r}`, n, c });
    }
    const truth = 1 - (1 - p) ** k;
    expect(Math.abs(naive / reps - truth)).toBeGreaterThan(0.05);
    // Treating the repetitions as problems of one benchmark, the likelihood-based estimate recovers the truth.
    const est = adaptivePairedPassAtK(outcomes, outcomes, [k], { estimator: 'posterior', draws: 200 });
    expect(Math.abs(est.a.passAtK[0]! - truth)).toBeLessThan(0.02);
  });

  it('adaptive intervals cover the true pass@k and difference (simulation, 12 repetitions)', () => {
    const rates = syntheticRatePair(150, 5);
    const config = resolveAdaptiveConfig(adaptiveConfigSchema.parse({ n_max: 64, budget: 0.3 }));
    let passCovered = 0;
    let crossCovered = 0;
    const reps = 12;
    for (let r = 0; r < reps; r++) {
      const c = compareWithUniform(rates, config, 100 + r, { draws: 300 });
      const truthBase = truePassAtK(rates.base, 64);
      const truthRl = truePassAtK(rates.rl, 64);
      const inside = (x: { lo: number; hi: number }, t: number): boolean => t >= x.lo && t <= x.hi;
      if (inside(c.adaptive.passAtK.base, truthBase) && inside(c.adaptive.passAtK.rl, truthRl)) passCovered++;
      if (c.adaptive.containsTruth) crossCovered++;
      expect(c.budgetUsed).toBeLessThanOrEqual(0.3);
      expect(c.coverageUnexplained).toBeLessThanOrEqual(1);
    }
    expect(passCovered).toBeGreaterThanOrEqual(10);
    expect(crossCovered).toBeGreaterThanOrEqual(10);
  });
});
