import { InputError } from '../../errors.js';
import { fitBetaBinomial } from '../../analyze/beta-binomial.js';
import { alignOutcomes, type ProblemOutcome } from '../../analyze/outcome.js';
import { pairedPassAtK } from '../../analyze/paired.js';
import { createRng, type Rng } from '../../analyze/rng.js';
import { drawLogBeta } from '../../analyze/special.js';

/** What the study must be able to show. */
export type PowerTarget =
  /** The base model significantly ahead of the other at k (the paper's crossover, e.g. k = 256). */
  | { kind: 'crossover'; k: number }
  /** At least this many problems the base model solves and the other never does. */
  | { kind: 'coverage'; problems: number };

export interface PowerRow {
  n: number;
  power: number;
  /** Samples a uniform study at this n draws (n × problems × 2). */
  samples: number;
}

export interface PowerPlan {
  target: PowerTarget;
  power: number;
  reps: number;
  problems: number;
  rows: PowerRow[];
  /** The smallest n of the grid that reaches the power; null when none does. */
  n: number | null;
}

export interface PowerOptions {
  power?: number;
  ns?: readonly number[];
  reps?: number;
  seed?: number;
  /** Bootstrap resamples per simulated study (crossover target). */
  resamples?: number;
}

/**
 * Sample-size determination from a pilot, by predictive simulation (the "assurance" of O'Hagan &
 * Stevens 2001): each repetition draws every problem's rate from its posterior under the pilot's
 * fitted beta-binomial prior — so the pilot's own uncertainty is in the answer — then simulates a
 * uniform study with n samples per problem and asks whether it shows the target: for a crossover,
 * the paired bootstrap interval of (other − base) at k lies below 0 while the other model leads at
 * k = 1; for coverage, at least the stated number of problems solved by the base and never by the
 * other. Power = the share of repetitions that show it.
 */
export function planPower(baseIn: readonly ProblemOutcome[], otherIn: readonly ProblemOutcome[], target: PowerTarget, options: PowerOptions = {}): PowerPlan {
  const { a: base, b: other } = alignOutcomes(baseIn, otherIn, ['the base model', 'the other model']);
  const power = options.power ?? 0.9;
  const reps = options.reps ?? 100;
  const resamples = options.resamples ?? 300;
  if (!(power > 0 && power < 1)) throw new InputError(`power must be strictly between 0 and 1 (got ${power})`, { field: 'power' });
  if (!Number.isInteger(reps) || reps < 1) throw new InputError(`reps must be a positive integer (got ${reps})`, { field: 'reps' });
  const floor = target.kind === 'crossover' ? target.k : 1;
  const ns = [...new Set(options.ns ?? defaultGrid(floor))].sort((x, y) => x - y);
  if (ns.some((n) => !Number.isInteger(n) || n < floor))
    throw new InputError(
      target.kind === 'crossover' ? `every n must be an integer ≥ k = ${floor} (pass@k needs n ≥ k)` : 'every n must be a positive integer',
      { field: 'n' },
    );
  const fits = [fitBetaBinomial(base), fitBetaBinomial(other)];
  const m = base.length;
  const rng = createRng(options.seed ?? 0);
  const hits = ns.map(() => 0);
  for (let r = 0; r < reps; r++) {
    const rates = [base, other].map((os, j) => os.map((o) => Math.exp(drawLogBeta(rng, fits[j]!.alpha + o.c, fits[j]!.beta + o.n - o.c).logP)));
    ns.forEach((n, t) => {
      const counts = rates.map((ps) => ps.map((p, i): ProblemOutcome => ({ problemId: base[i]!.problemId, n, c: binomial(rng, n, p) })));
      if (shows(target, counts[0]!, counts[1]!, resamples, r)) hits[t]!++;
    });
  }
  const rows = ns.map((n, t) => ({ n, power: hits[t]! / reps, samples: n * m * 2 }));
  return { target, power, reps, problems: m, rows, n: rows.find((row) => row.power >= power)?.n ?? null };
}

function shows(target: PowerTarget, base: ProblemOutcome[], other: ProblemOutcome[], resamples: number, seed: number): boolean {
  if (target.kind === 'coverage') {
    let only = 0;
    for (let i = 0; i < base.length; i++) if (base[i]!.c > 0 && other[i]!.c === 0) only++;
    return only >= target.problems;
  }
  const r = pairedPassAtK(other, base, [1, target.k], { resamples, seed });
  return r.diff[0]! > 0 && r.diffCiHigh[1]! < 0;
}

function defaultGrid(floor: number): number[] {
  const out: number[] = [];
  for (let n = 16; n <= 8192; n *= 2) if (n >= floor) out.push(n);
  return out;
}

/**
 * Binomial(n, p) by counting geometric gaps between successes (or failures, when p > ½): O(number
 * of the rarer outcome) instead of O(n), which keeps thousands of simulated studies cheap.
 */
export function binomial(rng: Rng, n: number, p: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  const logQ = Math.log1p(-p);
  let count = 0;
  let at = 0;
  for (;;) {
    at += Math.floor(Math.log(1 - rng.nextFloat()) / logQ) + 1;
    if (at > n) return count;
    count++;
  }
}
