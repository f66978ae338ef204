import { describe, expect, it } from 'vitest';
import { passAtK, truncationAnalysis, type SampleFacts } from '../../src/analyze/index.js';

describe('truncation-aware pass@k', () => {
  const rows: SampleFacts[] = [
    // 4 samples: one correct, two cut at the limit, one wrong.
    { problemId: 'a', scores: [1, 0, 0, 0], truncated: [false, true, true, false], tokens: [900, 16384, 16384, 2000] },
    // Correct answers only in long responses.
    { problemId: 'b', scores: [0, 1, 1, 0], truncated: [false, false, false, false], tokens: [1000, 9000, 5000, 300] },
    // Everything truncated.
    { problemId: 'c', scores: [0, 0, 0, 0], truncated: [true, true, true, true], tokens: [16384, 16384, 16384, 16384] },
  ];

  it('drops truncated responses from n instead of counting them wrong', () => {
    const r = truncationAnalysis(rows, [4096, 8192], { resamples: 100 });
    expect(r.samples).toBe(12);
    expect(r.truncated).toBe(6);
    expect(r.truncationRate).toBe(0.5);
    expect(r.unscored.droppedProblems).toEqual(['c']);
    expect(r.unscored.problems).toBe(2);
    // a: 1 of 2 scored; b: 2 of 4. pass@1 = (1/2 + 2/4) / 2.
    expect(r.unscored.points[0]!.value).toBeCloseTo(0.5, 12);
    // As graded, c counts with 0 of 4: (1/4 + 2/4 + 0) / 3.
    expect(r.asGraded[0]!.value).toBeCloseTo(0.25, 12);
    // Ragged n after dropping: k stops at the smallest n (2) and says so.
    expect(r.unscored.points.at(-1)!.k).toBe(2);
    expect(r.unscored.note).toMatch(/between 2 and 4/);
  });

  it('per token budget: a response longer than the budget cannot count', () => {
    const r = truncationAnalysis(rows, [4096, 8192], { resamples: 100 });
    const b4 = r.budgets.find((b) => b.budget === 4096)!;
    const b8 = r.budgets.find((b) => b.budget === 8192)!;
    // 4k: a keeps its correct 900-token sample; b loses both (9000, 5000).
    expect(b4.points.at(-1)!.value).toBeCloseTo((passAtK(4, 1, 4) + 0 + 0) / 3, 12);
    // 8k: b's 5000-token answer counts.
    expect(b8.points[0]!.value).toBeCloseTo((1 / 4 + 1 / 4) / 3, 12);
    expect(b4.overBudget).toBe(2 + 2 + 4);
  });

  it('says why the budgets are missing when token counts are', () => {
    const r = truncationAnalysis([{ problemId: 'x', scores: [1, 0], truncated: [false, false], tokens: [10, null] }], [4096], { resamples: 20 });
    expect(r.budgets).toEqual([]);
    expect(r.budgetNote).toMatch(/1 of 2 samples have no completion token count/);
  });
});
