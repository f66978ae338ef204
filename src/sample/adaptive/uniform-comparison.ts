import { absenceUpperBound } from '../../analyze/absence.js';
import { crossoverIndex, leaderOf } from '../../analyze/crossover.js';
import type { ProblemOutcome } from '../../analyze/outcome.js';
import { pairedPassAtK } from '../../analyze/paired.js';
import { powersOfTwoUpTo } from '../../analyze/passk.js';
import { adaptivePairedPassAtK } from './adaptive-estimate.js';
import type { AdaptiveConfig } from './config.js';
import { replaySchedule, type AdaptiveSchedule } from './schedule.js';
import { slotOutcome } from './slot-outcome.js';
import { truePassAtK, type RatePair } from './synthetic-rates.js';

/**
 * One repetition of the acceptance experiment: the same rate tables sampled uniformly (n_max per
 * problem) and adaptively (the schedule run to its end), with common random numbers — slot (model,
 * problem, index) has the same outcome in both, as it would with seeded sampling from a server — and
 * the conclusions compared with each other and with the truth of the rate tables.
 */
export interface ComparisonResult {
  nMax: number;
  problems: number;
  /** Samples the adaptive run drew, as a fraction of the uniform run's. */
  budgetUsed: number;
  stop: AdaptiveSchedule['stop'];
  rounds: number;
  trueCrossover: number | null;
  uniform: Conclusions;
  adaptive: Conclusions;
  /** Problems the uniform run solved and the adaptive did not, whose uniform rate c/n is above the adaptive run's certified bound. */
  coverageUnexplained: number;
  /** Problems the uniform run solved and the adaptive did not (all covered by certified absence when coverageUnexplained is 0). */
  coverageDiffering: number;
  /** Adaptive pass@n_max point estimate inside the uniform run's interval, per model (base, rl). */
  passAtKInside: [boolean, boolean];
}

export interface Conclusions {
  crossover: number | null;
  crossoverLow: number | null;
  crossoverHigh: number | null;
  /** Grid points the interval spans, log2(high / low) + 1 on the powers of two; an open upper end counts as one point past the grid. */
  crossoverWidth: number;
  containsTruth: boolean;
  passAtK: { base: Interval; rl: Interval };
  solved: { base: number; rl: number };
}

interface Interval {
  value: number;
  lo: number;
  hi: number;
}

export function compareWithUniform(rates: RatePair, config: AdaptiveConfig, seed: number, options: { draws?: number } = {}): ComparisonResult {
  const tables = [rates.base, rates.rl];
  const N = config.nMax;
  const grid = powersOfTwoUpTo(N);
  const full = tables.map((t, j) => t.map((p, i) => Array.from({ length: N }, (_, s) => slotOutcome(seed, j, i, s, p))));
  const uniformOutcomes = full.map((rows) => rows.map((seq, i): ProblemOutcome => ({ problemId: `p${i}`, n: N, c: sum(seq, N) })));

  // The adaptive run sees only the slots its schedule asks for.
  const drawn: (0 | 1)[][][] = tables.map((t) => t.map(() => []));
  let schedule = replaySchedule(drawn, config, seed);
  while (schedule.pending.length > 0) {
    for (const s of schedule.pending) for (let x = s.from; x < s.to; x++) drawn[s.model]![s.problem]!.push(full[s.model]![s.problem]![x]!);
    schedule = replaySchedule(drawn, config, seed);
  }
  const adaptiveOutcomes = drawn.map((rows) => rows.map((seq, i): ProblemOutcome => ({ problemId: `p${i}`, n: seq.length, c: sum(seq, seq.length) })));

  const trueDiff = grid.map((k) => truePassAtK(rates.rl, k) - truePassAtK(rates.base, k));
  const trueAt = crossoverIndex(trueDiff, leaderOf(trueDiff[0]!));
  const trueCrossover = trueAt < 0 ? null : grid[trueAt]!;

  const draws = options.draws ?? 1000;
  const u = pairedPassAtK(uniformOutcomes[1]!, uniformOutcomes[0]!, grid, { resamples: draws, seed });
  const a = adaptivePairedPassAtK(adaptiveOutcomes[1]!, adaptiveOutcomes[0]!, grid, { draws, seed });
  const last = grid.length - 1;
  const conclusions = (
    cross: { k: number | null; ciLow: number | null; ciHigh: number | null },
    base: Interval,
    rl: Interval,
    outcomes: ProblemOutcome[][],
  ): Conclusions => ({
    crossover: cross.k,
    crossoverLow: cross.ciLow,
    crossoverHigh: cross.ciHigh,
    crossoverWidth: Math.log2((cross.ciHigh ?? 2 * N) / (cross.ciLow ?? 2 * N)) + 1,
    containsTruth: contains(cross.ciLow, cross.ciHigh, trueCrossover),
    passAtK: { base, rl },
    solved: { base: outcomes[0]!.filter((o) => o.c > 0).length, rl: outcomes[1]!.filter((o) => o.c > 0).length },
  });
  const uniform = conclusions(
    u.crossover,
    { value: u.b.passAtK[last]!, lo: u.b.ciLow[last]!, hi: u.b.ciHigh[last]! },
    { value: u.a.passAtK[last]!, lo: u.a.ciLow[last]!, hi: u.a.ciHigh[last]! },
    uniformOutcomes,
  );
  const adaptive = conclusions(
    a.crossover,
    { value: a.b.passAtK[last]!, lo: a.b.ciLow[last]!, hi: a.b.ciHigh[last]! },
    { value: a.a.passAtK[last]!, lo: a.a.ciLow[last]!, hi: a.a.ciHigh[last]! },
    adaptiveOutcomes,
  );

  let differing = 0;
  let unexplained = 0;
  for (let j = 0; j < 2; j++) {
    for (let i = 0; i < tables[j]!.length; i++) {
      const uo = uniformOutcomes[j]![i]!;
      const ao = adaptiveOutcomes[j]![i]!;
      if (uo.c > 0 === ao.c > 0) continue;
      differing++;
      if (ao.c > 0 || uo.c / uo.n > absenceUpperBound(ao.n)) unexplained++;
    }
  }
  const inside = (x: Interval, y: Interval): boolean => x.value >= y.lo && x.value <= y.hi;
  return {
    nMax: N,
    problems: rates.base.length,
    budgetUsed: schedule.spent / (N * rates.base.length * 2),
    stop: schedule.stop,
    rounds: schedule.completedRounds,
    trueCrossover,
    uniform,
    adaptive,
    coverageUnexplained: unexplained,
    coverageDiffering: differing,
    passAtKInside: [inside(adaptive.passAtK.base, uniform.passAtK.base), inside(adaptive.passAtK.rl, uniform.passAtK.rl)],
  };
}

function contains(lo: number | null, hi: number | null, truth: number | null): boolean {
  if (truth === null) return hi === null;
  return lo !== null && lo <= truth && (hi === null || truth <= hi);
}

function sum(seq: readonly (0 | 1)[], n: number): number {
  let c = 0;
  for (let t = 0; t < n; t++) c += seq[t]!;
  return c;
}
