import { describe, expect, it } from 'vitest';
import { absenceSetBound, absenceUpperBound, certifiedAbsence, createRng, describeAbsence } from '../../src/analyze/index.js';

describe('certified absence', () => {
  it('is the exact binomial bound 1 − α^(1/n), close to 3/n', () => {
    expect(absenceUpperBound(1)).toBeCloseTo(0.95, 12);
    expect(absenceUpperBound(1024)).toBeCloseTo(1 - Math.pow(0.05, 1 / 1024), 15);
    // (1 − bound)^n = α exactly: the observed zero has probability α at the bound.
    expect(Math.pow(1 - absenceUpperBound(300), 300)).toBeCloseTo(0.05, 12);
    expect(absenceUpperBound(1024) * 1024).toBeGreaterThan(2.99);
    expect(absenceUpperBound(1024) * 1024).toBeLessThan(3.0);
    expect(describeAbsence(1024, absenceUpperBound(1024))).toBe('0 of 1024; rate < 0.0029 (95 %)');
  });

  it('lists the unsolved problems and bounds the set', () => {
    const r = certifiedAbsence([
      { problemId: 'a', n: 100, c: 0 },
      { problemId: 'b', n: 100, c: 3 },
      { problemId: 'c', n: 50, c: 0 },
    ]);
    expect(r.unsolved.map((u) => u.problemId)).toEqual(['a', 'c']);
    expect(r.samples).toBe(150);
    expect(r.meanUpper).toBeCloseTo(1 - Math.pow(0.05, 1 / 150), 12);
    // Šidák: each of K = 2 problems at level 0.95^(1/2); the weakest (n = 50) sets the bound.
    expect(r.everyUpper).toBeCloseTo(1 - Math.pow(1 - Math.sqrt(0.95), 1 / 50), 12);
    expect(absenceSetBound([])).toEqual({ problems: 0, samples: 0, meanUpper: null, everyUpper: null });
  });

  it('covers the true rate in ≥ 95 % of simulated zero-success problems (conditional on zero)', () => {
    // Rates near the bound are where it can fail; draw them around 3/n.
    const rng = createRng(11);
    const n = 64;
    let zeros = 0;
    let covered = 0;
    for (let t = 0; t < 40000; t++) {
      const p = rng.nextFloat() * (6 / n);
      let c = 0;
      for (let i = 0; i < n; i++) if (rng.nextFloat() < p) c++;
      if (c > 0) continue;
      zeros++;
      if (p < absenceUpperBound(n)) covered++;
    }
    expect(zeros).toBeGreaterThan(1000);
    // Unconditionally the bound fails with probability ≤ α for every p; among the zero results it
    // is even safer, since large p rarely give zero.
    expect(covered / zeros).toBeGreaterThanOrEqual(0.9);
  });

  it('holds at level 95 % for every fixed rate (the worst case is p at the bound)', () => {
    const n = 40;
    const b = absenceUpperBound(n);
    for (const p of [b * 0.5, b * 0.999, b, b * 1.5]) {
      // P(zero successes and the bound misses p) = (1 − p)^n · 1{p ≥ b} ≤ 0.05.
      const miss = p >= b ? Math.pow(1 - p, n) : 0;
      expect(miss).toBeLessThanOrEqual(0.05 + 1e-12);
    }
  });
});
