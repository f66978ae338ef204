import { InputError } from '../../errors.js';
import type { AdaptiveConfig } from './config.js';
import { allocateRound, sampleBudget, type Count, type RoundDecision, type StopReason, type TargetSpread } from './allocate-round.js';

/** Where an adaptive allocation stands, rebuilt from the stored outcomes alone. */
export interface AdaptiveSchedule {
  /** Rounds whose samples are all stored (the pilot is round 0). */
  completedRounds: number;
  /** Per model, per problem: the sample count the current round asks for. */
  targets: number[][];
  /** Slots still to draw for the current round: [from, to) sample indices. Empty when finished. */
  pending: Array<{ model: number; problem: number; from: number; to: number }>;
  /** Why allocation stopped; null while a round is pending. */
  stop: StopReason | null;
  budget: number;
  spent: number;
  /** The targets' spreads after the last completed round (none before the pilot is in). */
  spreads: TargetSpread[];
}

/**
 * Replays the allocation from the per-sample outcomes (0/1 in sample-index order; only the leading
 * run of stored samples of each problem counts). Round 0 asks every problem for the pilot; each
 * later round is `allocateRound` applied to the counts of exactly the samples the earlier rounds
 * asked for — samples stored beyond them (a uniform run in the same study, a half-finished round)
 * do not change the decisions. So the allocation is a pure function of the stored outcomes, the
 * configuration and the seed, and a killed run resumes to the same allocation.
 */
export function replaySchedule(outcomes: readonly (readonly (readonly (0 | 1)[])[])[], config: AdaptiveConfig, seed: number): AdaptiveSchedule {
  const models = outcomes.length;
  const m = outcomes[0]?.length ?? 0;
  if (models === 0 || m === 0) throw new InputError('adaptive sampling needs at least one model and one problem');
  if (outcomes.some((row) => row.length !== m)) throw new InputError('adaptive sampling needs every model on the same problems');
  const budget = sampleBudget(config, m, models);
  const pilotCost = config.pilot * m * models;
  if (pilotCost > budget)
    throw new InputError(
      `the pilot alone (${config.pilot} × ${m} problems × ${models} models = ${pilotCost} samples) exceeds the budget of ${budget} samples; lower the pilot or raise the budget`,
      { field: 'budget' },
    );

  let targets = outcomes.map((row) => row.map(() => config.pilot));
  let spreads: TargetSpread[] = [];
  for (let round = 0; ; round++) {
    const pending = pendingSlots(outcomes, targets);
    if (pending.length > 0) return { completedRounds: round, targets, pending, stop: null, budget, spent: total(targets), spreads };
    const counts: Count[][] = outcomes.map((row, j) => row.map((seq, i) => countPrefix(seq, targets[j]![i]!)));
    const decision: RoundDecision = allocateRound(counts, config, seed, round);
    spreads = decision.spreads;
    if (decision.next === null) return { completedRounds: round + 1, targets, pending: [], stop: decision.stop, budget, spent: total(targets), spreads };
    targets = decision.next;
  }
}

function pendingSlots(outcomes: readonly (readonly (readonly (0 | 1)[])[])[], targets: number[][]): AdaptiveSchedule['pending'] {
  const out: AdaptiveSchedule['pending'] = [];
  for (let j = 0; j < targets.length; j++) {
    for (let i = 0; i < targets[j]!.length; i++) {
      const have = outcomes[j]![i]!.length;
      if (have < targets[j]![i]!) out.push({ model: j, problem: i, from: have, to: targets[j]![i]! });
    }
  }
  return out;
}

function countPrefix(seq: readonly (0 | 1)[], n: number): Count {
  let c = 0;
  for (let t = 0; t < n; t++) c += seq[t]!;
  return { n, c };
}

function total(targets: number[][]): number {
  let s = 0;
  for (const row of targets) for (const n of row) s += n;
  return s;
}

/**
 * Drives an adaptive allocation to its end: replay what is stored, draw the pending slots, repeat.
 * `load` returns the stored outcomes (leading samples only); `draw` stores the given slots. Whatever
 * `draw` manages to store before a crash is picked up by the next `replaySchedule`.
 */
export async function runAdaptive(
  io: { load(): Promise<(0 | 1)[][][]>; draw(pending: AdaptiveSchedule['pending']): Promise<void> },
  config: AdaptiveConfig,
  seed: number,
  onRound?: (s: AdaptiveSchedule) => void,
): Promise<AdaptiveSchedule> {
  for (;;) {
    const schedule = replaySchedule(await io.load(), config, seed);
    onRound?.(schedule);
    if (schedule.pending.length === 0) return schedule;
    await io.draw(schedule.pending);
  }
}
