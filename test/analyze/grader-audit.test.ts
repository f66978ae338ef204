import { describe, expect, it } from 'vitest';
import { graderAudit, outcomeFromScores } from '../../src/analyze/index.js';

describe('grader audit', () => {
  // Two graders of the same samples: "paper" accepts two answers "strict" rejects.
  const strict = {
    rl: [outcomeFromScores('a', [1, 1, 1, 1]), outcomeFromScores('b', [0, 0, 0, 0]), outcomeFromScores('c', [1, 0, 0, 0])],
    base: [outcomeFromScores('a', [1, 0, 0, 0]), outcomeFromScores('b', [0, 0, 0, 0]), outcomeFromScores('c', [0, 1, 0, 0])],
  };
  const paper = {
    rl: strict.rl,
    base: [outcomeFromScores('a', [1, 0, 0, 0]), outcomeFromScores('b', [0, 0, 1, 0]), outcomeFromScores('c', [0, 1, 0, 1])],
  };
  const models = (['rl', 'base'] as const).map((m) => ({
    model: m,
    byGrader: new Map([
      ['strict', strict[m]],
      ['paper', paper[m]],
    ]),
  }));

  it('counts per-sample disagreements and problems whose solved status flips', () => {
    const r = graderAudit({ graders: ['strict', 'paper'], models });
    const base = r.disagreements.find((d) => d.model === 'base')!;
    expect(base.samples).toBe(12);
    expect(base.disagree).toBe(2);
    expect(base.share).toBeCloseTo(2 / 12, 12);
    expect(base.problemsDiffer).toBe(1);
    expect(base.exampleProblems).toEqual(['b']);
    const rl = r.disagreements.find((d) => d.model === 'rl')!;
    expect(rl.disagree).toBe(0);
  });

  it('shows how far pass@1, pass@k and the solved count move, and whether the crossover k holds', () => {
    const r = graderAudit({ graders: ['strict', 'paper'], models, pair: ['base', 'rl'] });
    const move = r.moves.find((m) => m.model === 'base')!;
    expect(move.pass1).toBeCloseTo(2 / 12, 12);
    expect(move.solved).toBe(1);
    const h = r.headlines.find((x) => x.model === 'base' && x.grader === 'paper')!;
    expect(h.k).toBe(4);
    expect(h.passAtK).toBe(1);
    // Strict: rl leads at k = 1 (5/12 vs 2/12) and at k = 4 (2/3 vs 2/3 ties → crossover at 4).
    const cs = r.crossover.find((c) => c.grader === 'strict')!;
    expect(cs.k).toBe(4);
    // Paper: the base solves all three by k = 4; it catches up earlier.
    expect(r.crossover.find((c) => c.grader === 'paper')!.k).toBe(2);
    expect(r.crossoverStable).toBe(false);
  });

  it('needs at least two graders and names a missing one', () => {
    expect(() => graderAudit({ graders: ['strict'], models })).toThrow(/at least two/);
    expect(() => graderAudit({ graders: ['strict', 'lenient'], models })).toThrow(/no verdicts from grader lenient/);
  });
});
