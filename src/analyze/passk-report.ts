import { bootstrapPassAtK, type BootstrapOptions } from './bootstrap.js';
import type { ProblemOutcome } from './outcome.js';
import { pairedPassAtK } from './paired.js';
import type { KSelection } from './passk.js';

/** The JSON object `rlbound passk` prints (snake_case, stable keys). */
export interface PassKReport {
  k: number[];
  pass_at_k: number[];
  ci_low: number[];
  ci_high: number[];
  problems: number;
  n_min: number;
  n_max: number;
  /** Present when problems (or the two files) have different sample counts. */
  note?: string;
  ci: number;
  bootstrap: number;
  seed: number;
  // With --vs: this file minus the other, on the same problems.
  vs?: { pass_at_k: number[]; ci_low: number[]; ci_high: number[] };
  diff?: number[];
  diff_ci_low?: number[];
  diff_ci_high?: number[];
  crossover_k?: number | null;
  crossover_ci_low?: number | null;
  crossover_ci_high?: number | null;
  crossover_probability?: number;
  leader_at_min_k?: 'this' | 'vs' | 'tie';
}

/**
 * pass@k with bootstrap bands for one set of outcomes, or — given `vs` — the paired comparison
 * (this minus vs) with the crossover k. With `vs`, both curves come from the same resamples.
 */
export function passKReport(outcomes: readonly ProblemOutcome[], k: KSelection, options: BootstrapOptions, vs?: readonly ProblemOutcome[]): PassKReport {
  if (vs === undefined) {
    const r = bootstrapPassAtK(outcomes, k, options);
    return {
      k: r.k,
      pass_at_k: r.passAtK,
      ci_low: r.ciLow,
      ci_high: r.ciHigh,
      problems: r.problems,
      n_min: r.nMin,
      n_max: r.nMax,
      ...(r.note ? { note: r.note } : {}),
      ci: r.ci,
      bootstrap: r.resamples,
      seed: r.seed,
    };
  }
  const r = pairedPassAtK(outcomes, vs, k, options);
  return {
    k: r.k,
    pass_at_k: r.a.passAtK,
    ci_low: r.a.ciLow,
    ci_high: r.a.ciHigh,
    problems: r.problems,
    n_min: r.nMin,
    n_max: r.nMax,
    ...(r.note ? { note: r.note } : {}),
    ci: r.ci,
    bootstrap: r.resamples,
    seed: r.seed,
    vs: { pass_at_k: r.b.passAtK, ci_low: r.b.ciLow, ci_high: r.b.ciHigh },
    diff: r.diff,
    diff_ci_low: r.diffCiLow,
    diff_ci_high: r.diffCiHigh,
    crossover_k: r.crossover.k,
    crossover_ci_low: r.crossover.ciLow,
    crossover_ci_high: r.crossover.ciHigh,
    crossover_probability: r.crossover.probability,
    leader_at_min_k: r.crossover.leader === 'a' ? 'this' : r.crossover.leader === 'b' ? 'vs' : 'tie',
  };
}
