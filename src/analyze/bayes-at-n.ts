import { validateOutcomes, type ProblemOutcome } from './outcome.js';
import { normalQuantile } from './special.js';
import type { Estimate } from './mean-bands.js';

/**
 * Bayes@N ("Don't Pass@k", Hariri et al. 2025, arXiv 2510.04265), binary case: each problem's
 * success probability gets a uniform Dirichlet (= Beta(1, 1)) prior, so after c of n correct its
 * posterior is Beta(c + 1, n − c + 1) with mean ν/T (ν = c + 1, T = n + 2) and variance
 * ν(T − ν) / (T²(T + 1)). The benchmark score is the mean of the posterior means over the M
 * problems, μ = (1/M) Σ νᵢ/Tᵢ, with σ² = (1/M²) Σ νᵢ(Tᵢ − νᵢ)/(Tᵢ²(Tᵢ + 1)); the credible interval
 * is μ ± z·σ (the paper's normal approximation), clipped to [0, 1]. The paper fixes N for every
 * problem; with ragged n each problem uses its own T.
 */
export interface BayesAtN extends Estimate {
  sigma: number;
  ci: number;
}

export function bayesAtN(outcomes: readonly ProblemOutcome[], ci = 0.95): BayesAtN {
  validateOutcomes(outcomes);
  const M = outcomes.length;
  let mu = 0;
  let v = 0;
  for (const o of outcomes) {
    const nu = o.c + 1;
    const T = o.n + 2;
    mu += nu / T;
    v += (nu * (T - nu)) / (T * T * (T + 1));
  }
  mu /= M;
  const sigma = Math.sqrt(v) / M;
  const z = normalQuantile((1 + ci) / 2);
  return { value: mu, lo: Math.max(0, mu - z * sigma), hi: Math.min(1, mu + z * sigma), sigma, ci };
}
