import { describe, expect, it } from 'vitest';
import { coverCurve, coverSteps, createRng, passAtK, passAtKFromCover, priorPassAtK, simulateOutcomes, type ProblemOutcome } from '../../src/analyze/index.js';

const counts = (cs: number[], n: number): ProblemOutcome[] => cs.map((c, i) => ({ problemId: `p${i}`, n, c }));

describe('cover@τ', () => {
  it('is the share of problems with c/n ≥ τ, decided in integers', () => {
    const o = counts([0, 1, 5, 10, 10], 10);
    const r = coverCurve(o, [0, 0.1, 0.5, 0.51, 1], { resamples: 200 });
    expect(r.map((p) => p.value)).toEqual([1, 0.8, 0.6, 0.4, 0.4]);
    for (const p of r) expect(p.lo <= p.value && p.value <= p.hi).toBe(true);
    // τ = 1/n counts a single success (0.1 · 10 is not exactly 1 in floating point).
    expect(coverCurve(counts([1], 10), [0.1], { resamples: 10 })[0]!.value).toBe(1);
  });

  it('pass@k is the Beta(1, k)-weighted average of the cover curve (observed rates: the plug-in pass@k)', () => {
    const o = simulateOutcomes(
      Array.from({ length: 300 }, (_, i) => ((i * 37) % 100) / 400),
      64,
      3,
    );
    const steps = coverSteps(o);
    for (const k of [1, 2, 8, 64, 1000]) {
      const plugIn = o.reduce((s, x) => s + (1 - (1 - x.c / x.n) ** k), 0) / o.length;
      expect(passAtKFromCover(steps, k)).toBeCloseTo(plugIn, 12);
    }
    // At k = 1 both are the mean accuracy, which the unbiased estimator also is.
    expect(passAtKFromCover(steps, 1)).toBeCloseTo(o.reduce((s, x) => s + passAtK(x.n, x.c, 1), 0) / o.length, 12);
  });

  it('the identity holds for a known rate distribution: ∫ G(τ) k(1−τ)^(k−1) dτ = 1 − B(α, β+k)/B(α, β)', () => {
    // Rates on a fine quantile grid of Beta(0.5, 2) stand in for the population.
    const a = 0.5;
    const b = 2;
    const rng = createRng(2);
    const rates = Array.from({ length: 50000 }, () => {
      // Beta(0.5, 2) by the ratio of gamma draws: X ~ Γ(0.5) as Z²/2, Y ~ Γ(2) as a sum of two exponentials.
      const z = Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
      const x = (z * z) / 2;
      const y = -Math.log(1 - rng.nextFloat()) - Math.log(1 - rng.nextFloat());
      return x / (x + y);
    });
    const n = 1_000_000; // rates as counts of a huge n: c/n = rate to 6 digits
    const o = rates.map((p, i) => ({ problemId: `r${i}`, n, c: Math.round(p * n) }));
    const steps = coverSteps(o);
    for (const k of [1, 4, 32, 256]) expect(passAtKFromCover(steps, k)).toBeCloseTo(priorPassAtK(a, b, k), 2);
  });

  it('intervals cover the population cover in ≥ 90 % of simulated benchmarks', () => {
    const rng = createRng(9);
    const tau = 0.3;
    let covered = 0;
    const trials = 150;
    // Rates uniform on [0, 1]: population cover@0.3 = 0.7; n = 200 keeps c/n close to p.
    for (let t = 0; t < trials; t++) {
      const rates = Array.from({ length: 120 }, () => rng.nextFloat());
      const r = coverCurve(simulateOutcomes(rates, 200, t), [tau], { resamples: 400, seed: t })[0]!;
      if (r.lo <= 0.7 && 0.7 <= r.hi) covered++;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.9);
  });
});
