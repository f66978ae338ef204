import { describe, expect, it } from 'vitest';
import {
  bayesAtN,
  createRng,
  fitBetaBinomial,
  heldOutCheck,
  logGamma,
  normalQuantile,
  passAtK,
  passAtKBeyond,
  posteriorPassAtK,
  priorPassAtK,
  simulateOutcomes,
  type ProblemOutcome,
} from '../../src/analyze/index.js';
import { drawLogBeta } from '../../src/analyze/special.js';

/** Rates drawn from Beta(a, b) with the library's sampler (itself checked below). */
function betaRates(a: number, b: number, m: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: m }, () => Math.exp(drawLogBeta(rng, a, b).logP));
}

/** Per-sample scores for known rates, so the held-out check can take the first samples. */
function scored(rates: readonly number[], n: number, seed: number): ProblemOutcome[] {
  const rng = createRng(seed);
  return rates.map((p, i) => {
    const scores = Array.from({ length: n }, () => (rng.nextFloat() < p ? 1 : 0) as 0 | 1);
    return { problemId: `p${i}`, n, c: scores.reduce<number>((s, v) => s + v, 0), scores };
  });
}

describe('special functions', () => {
  it('logGamma and the normal quantile match known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 8);
  });

  it('Beta draws have the right mean and variance, also for a heavy left tail (a = 0.1)', () => {
    for (const [a, b] of [
      [0.1, 3],
      [2, 5],
      [50, 900],
    ] as const) {
      const xs = betaRates(a, b, 40000, 1);
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
      const mu = a / (a + b);
      expect(mean).toBeCloseTo(mu, 2);
      expect(v / ((mu * (1 - mu)) / (a + b + 1))).toBeGreaterThan(0.9);
      expect(v / ((mu * (1 - mu)) / (a + b + 1))).toBeLessThan(1.1);
    }
  });
});

describe('beta-binomial fit and pass@k beyond n', () => {
  it('recovers the prior from counts and gives the closed-form posterior pass@k', () => {
    const o = simulateOutcomes(betaRates(0.3, 1.5, 3000, 2), 64, 3);
    const fit = fitBetaBinomial(o);
    expect(fit.alpha).toBeGreaterThan(0.25);
    expect(fit.alpha).toBeLessThan(0.36);
    expect(fit.beta).toBeGreaterThan(1.2);
    expect(fit.beta).toBeLessThan(1.9);
    // Posterior of a solved problem is nearly certain at large k; an unsolved one is not.
    expect(posteriorPassAtK(fit.alpha, fit.beta, 64, 5, 4096)).toBeGreaterThan(0.999);
    expect(posteriorPassAtK(fit.alpha, fit.beta, 64, 0, 4096)).toBeLessThan(0.9);
    // With no data the posterior is the prior.
    expect(posteriorPassAtK(0.3, 1.5, 0, 0, 10)).toBeCloseTo(priorPassAtK(0.3, 1.5, 10), 12);
  });

  it('agrees with the unbiased estimator within its band at every k ≤ n, and reaches 4n', () => {
    const o = simulateOutcomes(betaRates(0.2, 2, 400, 4), 128, 5);
    const r = passAtKBeyond(o, { draws: 400 });
    expect(r.points.at(-1)!.k).toBe(512);
    for (const u of r.unbiased) {
      const p = r.points.find((x) => x.k === u.k)!;
      expect(u.value).toBeGreaterThanOrEqual(p.lo);
      expect(u.value).toBeLessThanOrEqual(p.hi);
    }
    // The curve keeps rising past n but never past 1.
    const beyond = r.points.filter((p) => p.k > 128);
    for (let i = 1; i < beyond.length; i++) expect(beyond[i]!.value).toBeGreaterThanOrEqual(beyond[i - 1]!.value);
    expect(beyond.at(-1)!.hi).toBeLessThanOrEqual(1);
  });

  it('bands at k = 4n cover the population pass@k in ≥ 90 % of simulated benchmarks', () => {
    const a = 0.15;
    const b = 1.5;
    const n = 32;
    const k = 4 * n;
    const truth = priorPassAtK(a, b, k);
    let covered = 0;
    const trials = 60;
    for (let t = 0; t < trials; t++) {
      const o = simulateOutcomes(betaRates(a, b, 200, 100 + t), n, 200 + t);
      const p = passAtKBeyond(o, { k: [k], draws: 300, seed: t }).points[0]!;
      if (p.lo <= truth && truth <= p.hi) covered++;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.9);
  });

  it('held-out check: fitted on the first n/4 samples, it predicts pass@n inside its band', () => {
    const o = scored(betaRates(0.2, 1.2, 300, 6), 256, 7);
    const r = heldOutCheck(o, { draws: 400 });
    expect(r.fitN).toBe(64);
    expect(r.k).toBe(256);
    expect(r.inside).toBe(true);
    expect(Math.abs(r.predicted.value - r.observed)).toBeLessThan(0.05);
    // Counts alone cannot be split into first and later samples.
    expect(() => heldOutCheck(simulateOutcomes([0.5], 8, 1))).toThrow(/per-sample scores/);
  });
});

describe('Bayes@N', () => {
  it('is the mean of the Beta(c+1, n−c+1) posterior means with the closed-form σ', () => {
    const r = bayesAtN([
      { problemId: 'a', n: 8, c: 8 },
      { problemId: 'b', n: 8, c: 0 },
      { problemId: 'c', n: 8, c: 3 },
    ]);
    expect(r.value).toBeCloseTo((9 / 10 + 1 / 10 + 4 / 10) / 3, 12);
    const v = (nu: number): number => (nu * (10 - nu)) / (100 * 11);
    expect(r.sigma).toBeCloseTo(Math.sqrt(v(9) + v(1) + v(4)) / 3, 12);
    expect(r.hi - r.value).toBeCloseTo(1.959963984540054 * r.sigma, 8);
  });

  it('its credible interval covers the benchmark mean rate in ≥ 90 % of simulations', () => {
    const rates = betaRates(0.7, 0.9, 60, 8);
    const truth = rates.reduce((s, p) => s + p, 0) / rates.length;
    let covered = 0;
    for (let t = 0; t < 400; t++) {
      const r = bayesAtN(simulateOutcomes(rates, 16, 300 + t));
      if (r.lo <= truth && truth <= r.hi) covered++;
    }
    expect(covered / 400).toBeGreaterThanOrEqual(0.9);
    // And it is close to avg@N (rank-equivalent under the uniform prior).
    const o = simulateOutcomes(rates, 1024, 1);
    expect(Math.abs(bayesAtN(o).value - o.reduce((s, x) => s + passAtK(x.n, x.c, 1), 0) / o.length)).toBeLessThan(0.001);
  });
});
