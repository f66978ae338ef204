import { describe, expect, it } from 'vitest';
import { adaptiveConfigSchema, resolveAdaptiveConfig } from '../../../src/sample/adaptive/config.js';
import { replaySchedule } from '../../../src/sample/adaptive/schedule.js';
import { slotOutcome } from '../../../src/sample/adaptive/slot-outcome.js';
import { syntheticRatePair } from '../../../src/sample/adaptive/synthetic-rates.js';
import { InputError } from '../../../src/errors.js';

const rates = syntheticRatePair(60, 7);
const tables = [rates.base, rates.rl];
const config = resolveAdaptiveConfig(adaptiveConfigSchema.parse({ n_max: 128, budget: 0.3 }));
const slot = (j: number, i: number, s: number): 0 | 1 => slotOutcome(3, j, i, s, tables[j]![i]!);

/** Runs the schedule to its end; `order` decides in which order pending problems are drawn, `partial` stops a round halfway once. */
function runToEnd(
  seed: number,
  options: { reverse?: boolean; crashAfter?: number } = {},
): { n: number[][]; rounds: number; stop: string | null; spent: number; budget: number } {
  const drawn: (0 | 1)[][][] = tables.map((t) => t.map(() => []));
  let crashes = options.crashAfter;
  for (;;) {
    const s = replaySchedule(drawn, config, seed);
    if (s.pending.length === 0)
      return { n: drawn.map((row) => row.map((x) => x.length)), rounds: s.completedRounds, stop: s.stop, spent: s.spent, budget: s.budget };
    const pending = options.reverse ? [...s.pending].reverse() : s.pending;
    for (const [idx, p] of pending.entries()) {
      if (crashes !== undefined && idx === crashes) {
        crashes = undefined; // the "process" dies here; the next replay resumes from what is stored
        break;
      }
      for (let x = p.from; x < p.to; x++) drawn[p.model]![p.problem]!.push(slot(p.model, p.problem, x));
    }
  }
}

describe('the adaptive schedule', () => {
  it('spends the budget, starts from the pilot and never exceeds the cap', () => {
    const r = runToEnd(1);
    expect(r.spent).toBeLessThanOrEqual(r.budget);
    expect(r.budget - r.spent).toBeLessThan(config.pilot * 2);
    expect(r.stop).toBe('budget');
    const flat = r.n.flat();
    expect(Math.min(...flat)).toBe(16);
    expect(Math.max(...flat)).toBeLessThanOrEqual(128);
    // It does vary n: some problems stay at the pilot, some get far more.
    expect(flat.filter((n) => n === 16).length).toBeGreaterThan(10);
    expect(flat.filter((n) => n >= 64).length).toBeGreaterThan(5);
  });

  it('is a pure function of the stored outcomes: drawing order and a crash mid-round do not change the allocation', () => {
    const clean = runToEnd(1);
    expect(runToEnd(1, { reverse: true }).n).toEqual(clean.n);
    expect(runToEnd(1, { crashAfter: 5 }).n).toEqual(clean.n);
  });

  it('ignores samples stored beyond what the rounds asked for (e.g. a uniform run of the same slots)', () => {
    const clean = runToEnd(1);
    const full = tables.map((t, j) => t.map((_, i) => Array.from({ length: 128 }, (_, s) => slot(j, i, s))));
    const s = replaySchedule(full, config, 1);
    expect(s.pending).toEqual([]);
    expect(s.targets).toEqual(clean.n);
  });

  it('puts the extra samples where the targets are uncertain: unsolved and rarely solved problems, not solved ones', () => {
    const r = runToEnd(1);
    const pilotAllCorrect = tables[0]!.map((_, i) => Array.from({ length: 16 }, (_, s) => slot(0, i, s)).every((x) => x === 1));
    const pilotNone = tables[0]!.map((_, i) => Array.from({ length: 16 }, (_, s) => slot(0, i, s)).every((x) => x === 0));
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const nSolved = mean(r.n[0]!.filter((_, i) => pilotAllCorrect[i]));
    const nNone = mean(r.n[0]!.filter((_, i) => pilotNone[i]));
    expect(nNone).toBeGreaterThan(2 * nSolved);
  });

  it('refuses a pilot larger than the budget, naming the field', () => {
    const tight = resolveAdaptiveConfig(adaptiveConfigSchema.parse({ n_max: 32, budget: 0.1 }));
    expect(() => replaySchedule([[[]]], tight, 0)).toThrow(InputError);
    expect(() => replaySchedule([[[]]], tight, 0)).toThrow(/budget/);
  });
});
