import { describe, expect, it } from 'vitest';
import { coverage, outcomeFromScores, solvableSet, accuracyHistogram, accuracyBins, rarelySolvedProblems } from '../../src/analyze/index.js';

describe('coverage', () => {
  // Mirrors the paper's AIME24 Table 4 shape: the RL set is a strict subset of the base set.
  const ids = Array.from({ length: 8 }, (_, i) => `q${i}`);
  const base = ids.map((id, i) => outcomeFromScores(id, i < 6 ? [0, 0, 1, 0] : [0, 0, 0, 0]));
  const rl = ids.map((id, i) => outcomeFromScores(id, i < 3 ? [1, 1, 1, 1] : i === 7 ? [0, 0, 0, 1] : [0, 0, 0, 0]));

  it('splits problems into both / A-only / B-only / neither with ids and the subset ratio', () => {
    const c = coverage(rl, base);
    expect(c.problems).toBe(8);
    expect(c.both.ids).toEqual(['q0', 'q1', 'q2']);
    expect(c.aOnly.ids).toEqual(['q7']);
    expect(c.bOnly.ids).toEqual(['q3', 'q4', 'q5']);
    expect(c.neither.ids).toEqual(['q6']);
    expect(c.solvedA.count).toBe(4);
    expect(c.solvedB.count).toBe(6);
    expect(c.subsetRatio).toBeCloseTo(3 / 4, 15);
  });

  it('at k < n uses the first k samples', () => {
    const c = coverage(rl, base, 2);
    expect(c.k).toBe(2);
    expect(c.both.count).toBe(0);
    expect(c.aOnly.ids).toEqual(['q0', 'q1', 'q2']);
    expect(c.bOnly.count).toBe(0);
    expect(solvableSet(base, 3)).toEqual(['q0', 'q1', 'q2', 'q3', 'q4', 'q5']);
  });

  it('refuses k < n without per-sample scores, and k > n', () => {
    const counts = [{ problemId: 'x', n: 4, c: 1 }];
    expect(() => solvableSet(counts, 2)).toThrow(/needs per-sample scores/);
    expect(solvableSet(counts)).toEqual(['x']);
    expect(() => solvableSet(counts, 5)).toThrow(/exceeds/);
  });

  it('subset ratio is null when A solves nothing', () => {
    const none = ids.map((id) => ({ problemId: id, n: 4, c: 0 }));
    expect(coverage(none, base).subsetRatio).toBeNull();
  });
});

describe('accuracy histogram', () => {
  it('has the paper bins {0}, (0,0.1], …, (0.9,1), {1}', () => {
    expect(accuracyBins().map((b) => b.label)).toEqual([
      '0',
      '(0.0,0.1]',
      '(0.1,0.2]',
      '(0.2,0.3]',
      '(0.3,0.4]',
      '(0.4,0.5]',
      '(0.5,0.6]',
      '(0.6,0.7]',
      '(0.7,0.8]',
      '(0.8,0.9]',
      '(0.9,1.0)',
      '1',
    ]);
  });

  it('puts edge values in the right bins', () => {
    const mk = (id: string, n: number, c: number) => ({ problemId: id, n, c });
    const h = accuracyHistogram([
      mk('zero', 10, 0),
      mk('tenth', 10, 1),
      mk('just-above', 1000, 101),
      mk('ninety', 10, 9),
      mk('almost', 1000, 999),
      mk('all', 7, 7),
      mk('third', 3, 1),
    ]);
    const where = (id: string) => h.find((b) => b.problemIds.includes(id))!.label;
    expect(where('zero')).toBe('0');
    expect(where('tenth')).toBe('(0.0,0.1]');
    expect(where('just-above')).toBe('(0.1,0.2]');
    expect(where('ninety')).toBe('(0.8,0.9]');
    expect(where('almost')).toBe('(0.9,1.0)');
    expect(where('all')).toBe('1');
    expect(where('third')).toBe('(0.3,0.4]');
    expect(h.reduce((s, b) => s + b.count, 0)).toBe(7);
    expect(h.reduce((s, b) => s + b.fraction, 0)).toBeCloseTo(1, 12);
  });
});

describe('CoT inspection candidates', () => {
  it('lists problems solved at least once but below the accuracy threshold, hardest first', () => {
    const outs = [
      { problemId: 'never', n: 100, c: 0 },
      { problemId: 'rare', n: 100, c: 4 },
      { problemId: 'rarest', n: 1024, c: 1 },
      { problemId: 'edge', n: 100, c: 5 },
      { problemId: 'easy', n: 100, c: 90 },
    ];
    expect(rarelySolvedProblems(outs).map((p) => p.problemId)).toEqual(['rarest', 'rare']);
    expect(rarelySolvedProblems(outs, 0.1).map((p) => p.problemId)).toEqual(['rarest', 'rare', 'edge']);
  });
});
