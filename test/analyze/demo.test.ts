import { describe, expect, it } from 'vitest';
import { formatAnalyticsDemo, runAnalyticsDemo } from '../../src/analyze/index.js';

describe('analytics demo (temporary npm start)', () => {
  it('shows RL ahead at k = 1, the base model ahead at k = n, and a crossover between', () => {
    const r = runAnalyticsDemo({ problems: 120, n: 64, resamples: 200, seed: 3 });
    expect(r.paired.diff[0]).toBeGreaterThan(0);
    expect(r.paired.diff[r.paired.diff.length - 1]).toBeLessThan(0);
    expect(r.everyK.crossover.k).toBeGreaterThan(1);
    expect(r.everyK.crossover.k).toBeLessThan(64);
    expect(r.coverage.bOnly.count).toBeGreaterThan(r.coverage.aOnly.count);
    const text = formatAnalyticsDemo(r);
    expect(text).toContain(`the base model catches up at k = ${r.everyK.crossover.k}`);
    expect(text).toMatch(/ΔSE = pass@64\(base\) − pass@1\(RL\)/);
    expect(formatAnalyticsDemo(runAnalyticsDemo({ problems: 120, n: 64, resamples: 200, seed: 3 }))).toBe(text);
  });
});
