import { describe, expect, it } from 'vitest';
import { answerSupport, createRng, problemSupport, simulateOutcomes, type ProblemOutcome } from '../../src/analyze/index.js';

const counts = (cs: number[], n = 8): ProblemOutcome[] => cs.map((c, i) => ({ problemId: `p${i}`, n, c }));

describe('support dynamics', () => {
  it('counts kept / found / lost / never and computes SRR, NDR, SDS, NSCR on a hand-built set', () => {
    // p0..p5 kept (6), p6..p7 found (2), p8..p10 lost (3), p11 never (1).
    const base = counts([1, 2, 3, 4, 5, 8, 0, 0, 1, 1, 2, 0]);
    const other = counts([8, 8, 8, 1, 1, 1, 3, 1, 0, 0, 0, 0]);
    const r = problemSupport(base, other, { resamples: 500 });
    expect([r.kept, r.found, r.lost, r.never]).toEqual([6, 2, 3, 1]);
    expect(r.srr!.value).toBeCloseTo(6 / 9, 12);
    expect(r.ndr!.value).toBeCloseTo(2 / 8, 12);
    const srr = 6 / 9;
    const ndr = 2 / 8;
    expect(r.sds!.value).toBeCloseTo((2 * srr * ndr) / (srr + ndr), 12);
    expect(r.nscr!.value).toBeCloseTo((2 - 3) / 9, 12);
    expect(r.foundIds).toEqual(['p6', 'p7']);
    expect(r.lostIds).toEqual(['p8', 'p9', 'p10']);
    // The base had 0 of 8 on each of the two found problems: 16 samples.
    expect(r.baseAbsenceOnFound.samples).toBe(16);
    expect(r.baseAbsenceOnFound.meanUpper).toBeCloseTo(1 - Math.pow(0.05, 1 / 16), 12);
    for (const e of [r.srr!, r.ndr!, r.sds!, r.nscr!]) {
      expect(e.lo).toBeLessThanOrEqual(e.value);
      expect(e.hi).toBeGreaterThanOrEqual(e.value);
    }
  });

  it('leaves a rate null when its denominator is zero', () => {
    const r = problemSupport(counts([0, 0]), counts([0, 0]), { resamples: 50 });
    expect(r.srr).toBeNull();
    expect(r.ndr).toBeNull();
    expect(r.nscr).toBeNull();
    expect(r.never).toBe(2);
  });

  it('rejects problems that do not match', () => {
    expect(() => problemSupport(counts([1]), [{ problemId: 'q', n: 8, c: 1 }])).toThrow(/same problems/);
  });

  it('counts answer-level items per (problem, correct answer group)', () => {
    const r = answerSupport(
      [
        { problemId: 'a', universe: [0, 1, 2], base: [0, 1], other: [1] },
        { problemId: 'b', universe: [0, 3], base: [], other: [0] },
      ],
      { resamples: 100 },
    );
    expect([r.kept, r.found, r.lost, r.never]).toEqual([1, 1, 1, 2]);
    expect(r.srr!.value).toBeCloseTo(0.5, 12);
    expect(r.level).toBe('answer');
  });

  it('SRR intervals cover the population SRR in ≥ 90 % of simulated benchmarks', () => {
    // Problems with known rates for both models; the population SRR at n samples is exact:
    // P(kept) = E[(1 − (1−p)^n)(1 − (1−q)^n)], P(lost) = E[(1 − (1−p)^n)(1−q)^n].
    const rng = createRng(5);
    const pool = Array.from({ length: 4000 }, () => {
      const p = rng.nextFloat() ** 3;
      const q = Math.min(1, p * (rng.nextFloat() < 0.3 ? 0 : 2 * rng.nextFloat()));
      return [p, q] as const;
    });
    const n = 16;
    let kept = 0;
    let lost = 0;
    for (const [p, q] of pool) {
      const sp = 1 - (1 - p) ** n;
      const sq = 1 - (1 - q) ** n;
      kept += sp * sq;
      lost += sp * (1 - sq);
    }
    const truth = kept / (kept + lost);
    let covered = 0;
    const trials = 120;
    for (let t = 0; t < trials; t++) {
      const idx = Array.from({ length: 150 }, () => rng.nextInt(pool.length));
      const base = simulateOutcomes(
        idx.map((i) => pool[i]![0]),
        n,
        1000 + t,
      );
      const other = simulateOutcomes(
        idx.map((i) => pool[i]![1]),
        n,
        5000 + t,
      );
      const r = problemSupport(base, other, { resamples: 400, seed: t });
      if (r.srr && r.srr.lo <= truth && truth <= r.srr.hi) covered++;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.9);
  });
});
