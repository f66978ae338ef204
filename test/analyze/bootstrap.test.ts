import { describe, expect, it } from 'vitest';
import { bootstrapPassAtK, createRng, everyKCrossover, pairedPassAtK, datasetPassAtK } from '../../src/analyze/index.js';
import { simulate } from './simulate.js';

describe('problem-level bootstrap of pass@k', () => {
  const outcomes = simulate(
    Array.from({ length: 60 }, (_, i) => (i % 10) / 10),
    32,
    7,
  );

  it('is deterministic for a seed and changes with the seed', () => {
    const a = bootstrapPassAtK(outcomes, 'pow2', { seed: 42, resamples: 500 });
    const b = bootstrapPassAtK(outcomes, 'pow2', { seed: 42, resamples: 500 });
    const c = bootstrapPassAtK(outcomes, 'pow2', { seed: 43, resamples: 500 });
    expect(a).toEqual(b);
    expect(c.ciLow).not.toEqual(a.ciLow);
    expect(a.passAtK).toEqual(c.passAtK);
    expect(a.k).toEqual([1, 2, 4, 8, 16, 32]);
    expect(a.resamples).toBe(500);
  });

  it('brackets the point estimate, and the defaults are 2,000 resamples at 95%', () => {
    const r = bootstrapPassAtK(outcomes, [1, 8, 32]);
    expect(r.resamples).toBe(2000);
    expect(r.ci).toBe(0.95);
    r.k.forEach((_, j) => {
      expect(r.ciLow[j]).toBeLessThanOrEqual(r.passAtK[j]);
      expect(r.ciHigh[j]).toBeGreaterThanOrEqual(r.passAtK[j]);
      expect(r.ciHigh[j] - r.ciLow[j]).toBeGreaterThan(0.01);
    });
    expect(r.passAtK).toEqual(datasetPassAtK(outcomes, [1, 8, 32]).passAtK);
  });

  it('95% intervals cover the true value in at least 90% of simulated studies', () => {
    // Population: per-problem success rate p = u², u uniform. True pass@k = E[1 − (1 − p)^k].
    const ks = [1, 4, 16];
    const truth = ks.map((k) => {
      const steps = 20_000;
      let s = 0;
      for (let i = 0; i < steps; i++) {
        const u = (i + 0.5) / steps;
        s += 1 - (1 - u * u) ** k;
      }
      return s / steps;
    });
    const rng = createRng(2024);
    const trials = 200;
    const covered = ks.map(() => 0);
    for (let t = 0; t < trials; t++) {
      const rates = Array.from({ length: 100 }, () => rng.nextFloat() ** 2);
      const r = bootstrapPassAtK(simulate(rates, 16, 1000 + t), ks, { seed: t, resamples: 400 });
      ks.forEach((_, j) => {
        if (r.ciLow[j] <= truth[j] && truth[j] <= r.ciHigh[j]) covered[j]++;
      });
    }
    for (const c of covered) expect(c / trials).toBeGreaterThanOrEqual(0.9);
  });
});

describe('paired bootstrap and crossover', () => {
  // Population curves: A solves 60% of problems with p = 0.6 and never solves the rest;
  // B solves every problem with p = 0.1. A(k) = 0.6(1 − 0.4^k), B(k) = 1 − 0.9^k: A leads up to
  // k = 8 and B is ahead from k = 9 on (A(8) = 0.5996 > B(8) = 0.5695; A(9) = 0.5998 < B(9) = 0.6126).
  const m = 400;
  const rl = simulate(
    Array.from({ length: m }, (_, i) => (i % 5 < 3 ? 0.6 : 0)),
    64,
    11,
  );
  const base = simulate(
    Array.from({ length: m }, () => 0.1),
    64,
    12,
  );

  it('finds the known crossover k with an interval around it', () => {
    const r = pairedPassAtK(rl, base, 'all', { seed: 1, resamples: 500 });
    expect(r.crossover.leader).toBe('a');
    expect(r.crossover.k).not.toBeNull();
    expect(Math.abs(r.crossover.k! - 9)).toBeLessThanOrEqual(2);
    expect(r.crossover.ciLow!).toBeLessThanOrEqual(9);
    expect(r.crossover.ciHigh!).toBeGreaterThanOrEqual(9);
    expect(r.crossover.probability).toBeGreaterThan(0.95);
    expect(r.diff[0]).toBeGreaterThan(0);
    expect(r.diffCiLow[0]).toBeGreaterThan(0); // A significantly better at k = 1
    expect(r.diffCiHigh[63]).toBeLessThan(0); // and significantly worse at k = 64
    r.diff.forEach((d, j) => expect(d).toBeCloseTo(r.a.passAtK[j] - r.b.passAtK[j], 12));
  });

  it('plots on the power-of-two grid but finds the crossover on every k (the same answer as k = all)', () => {
    const grid = pairedPassAtK(rl, base, 'pow2', { seed: 1, resamples: 300 });
    const all = pairedPassAtK(rl, base, 'all', { seed: 1, resamples: 300 });
    expect(grid.k).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(grid.crossover.k).not.toBe(16); // the old grid answer: the first power of two past the crossing
    expect(grid.crossover).toEqual(all.crossover);
    expect(grid.crossover.maxK).toBe(64);
  });

  it('gives the same crossover whichever model comes first', () => {
    const ab = everyKCrossover(rl, base, { seed: 3, resamples: 400 });
    const ba = everyKCrossover(base, rl, { seed: 3, resamples: 400 });
    expect(ab.leader).toBe('a');
    expect(ba.leader).toBe('b');
    expect([ba.k, ba.ciLow, ba.ciHigh, ba.probability]).toEqual([ab.k, ab.ciLow, ab.ciHigh, ab.probability]);
  });

  it('adapts the resample count: stops early when settled, and states the Monte-Carlo error', () => {
    const r = everyKCrossover(rl, base, { seed: 1, resamples: 'auto' });
    expect(r.resamples).toBeGreaterThanOrEqual(2000);
    expect(r.resamples).toBeLessThanOrEqual(64_000);
    expect(r.ciLowMcError).not.toBeNull();
    expect(r.ciLowMcError!).toBeLessThanOrEqual(Math.max(1, 0.05 * r.ciLow!));
    expect(r.probabilityMcError).toBeLessThanOrEqual(Math.sqrt(0.25 / r.resamples) + 1e-12);
  });

  it('reports no crossover when the leader stays ahead', () => {
    const better = simulate(
      Array.from({ length: 100 }, () => 0.5),
      16,
      3,
    );
    const worse = simulate(
      Array.from({ length: 100 }, (_, i) => (i < 50 ? 0.2 : 0)),
      16,
      4,
    );
    const r = pairedPassAtK(better, worse, 'pow2', { resamples: 200 });
    expect(r.crossover.k).toBeNull();
    expect(r.crossover.ciHigh).toBeNull();
    expect(r.crossover.probability).toBe(0);
  });

  it('paired interval of the difference is narrower than the unpaired spread', () => {
    const a = simulate(
      Array.from({ length: 200 }, (_, i) => (i % 10) / 10),
      16,
      21,
    );
    const b = a.map((o) => ({ ...o, c: Math.max(0, o.c - 1) }));
    const r = pairedPassAtK(a, b, [1], { resamples: 500 });
    const pairedWidth = r.diffCiHigh[0] - r.diffCiLow[0];
    const unpairedWidth = r.a.ciHigh[0] - r.a.ciLow[0] + (r.b.ciHigh[0] - r.b.ciLow[0]);
    expect(pairedWidth).toBeLessThan(unpairedWidth / 4);
  });

  it('refuses models evaluated on different problems, naming them', () => {
    const b = base.slice(1);
    expect(() => pairedPassAtK(rl, b)).toThrow(/only in the first: p0/);
  });
});

describe('adaptive resample counts', () => {
  it('draw more resamples when a difference endpoint sits near 0, and report the Monte-Carlo error', () => {
    // Two nearly equal models: the paired interval at k = 1 straddles 0, so its endpoints are watched closely.
    const a = simulate(
      Array.from({ length: 200 }, (_, i) => (i % 10) / 10),
      16,
      21,
    );
    const b = simulate(
      Array.from({ length: 200 }, (_, i) => (i % 10) / 10 + (i % 2 === 0 ? 0.02 : -0.02)),
      16,
      22,
    );
    const fixed = pairedPassAtK(a, b, 'pow2', { seed: 5, resamples: 2000 });
    const auto = pairedPassAtK(a, b, 'pow2', { seed: 5, resamples: 'auto', tolerance: 0.001 });
    expect(fixed.resamples).toBe(2000);
    expect(auto.resamples).toBeGreaterThan(2000);
    expect(auto.diffMcError).toBeLessThan(fixed.diffMcError);
    // Same seed, same resample stream: the first 2,000 resamples are the fixed run's, so the estimates agree.
    expect(auto.diff).toEqual(fixed.diff);
  });

  it('stops at the first batch when every endpoint is already stable', () => {
    const o = simulate(
      Array.from({ length: 50 }, () => 1),
      8,
      3,
    );
    const r = bootstrapPassAtK(o, 'pow2', { resamples: 'auto' });
    expect(r.resamples).toBe(2000);
    expect(r.mcError).toBe(0);
  });
});
