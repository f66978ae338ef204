import { resolveBootstrap, type BootstrapOptions } from './bootstrap.js';
import { absenceSetBound, type AbsenceSetBound } from './absence.js';
import { ratioWithBands, type Estimate } from './mean-bands.js';
import { alignOutcomes, validateOutcomes, type ProblemOutcome } from './outcome.js';

/**
 * Support dynamics of a base model and another model (Wu et al. 2025, "The Invisible Leash"): which
 * items (problems, or distinct correct answers) each model reaches at least once in its samples.
 * kept = both reach it, found = only the other, lost = only the base, never = neither.
 *   SRR (support retention rate)  = kept / (kept + lost)          — share of the base's support kept
 *   NDR (net discovery rate)      = found / (kept + found)        — share of the other's support that is new
 *   SDS (support dynamic score)   = 2·SRR·NDR / (SRR + NDR)       — their harmonic mean
 *   NSCR (net support change rate) = (found − lost) / (kept + lost) — net growth relative to the base's support
 * Each rate carries a problem-level bootstrap interval (whole problems resampled, so the answers of
 * one problem move together); a rate whose denominator is 0 is null.
 */
export interface SupportDynamics {
  level: 'problem' | 'answer';
  problems: number;
  kept: number;
  found: number;
  lost: number;
  never: number;
  srr: Estimate | null;
  ndr: Estimate | null;
  sds: Estimate | null;
  nscr: Estimate | null;
}

const KEPT = 0;
const FOUND = 1;
const LOST = 2;
const NEVER = 3;

const srr = (s: Float64Array): number | null => (s[KEPT]! + s[LOST]! > 0 ? s[KEPT]! / (s[KEPT]! + s[LOST]!) : null);
const ndr = (s: Float64Array): number | null => (s[KEPT]! + s[FOUND]! > 0 ? s[FOUND]! / (s[KEPT]! + s[FOUND]!) : null);
const sds = (s: Float64Array): number | null => {
  const r = srr(s);
  const d = ndr(s);
  if (r === null || d === null) return null;
  return r + d === 0 ? 0 : (2 * r * d) / (r + d);
};
const nscr = (s: Float64Array): number | null => (s[KEPT]! + s[LOST]! > 0 ? (s[FOUND]! - s[LOST]!) / (s[KEPT]! + s[LOST]!) : null);

/** Support dynamics from per-problem counts (rows × [kept, found, lost, never]). */
export function supportFromCounts(level: SupportDynamics['level'], counts: Float64Array, problems: number, options: BootstrapOptions = {}): SupportDynamics {
  const opts = resolveBootstrap(options);
  const sums = [0, 0, 0, 0];
  for (let r = 0; r < problems; r++) for (let j = 0; j < 4; j++) sums[j]! += counts[r * 4 + j]!;
  const [r, d, h, c] = ratioWithBands(counts, problems, 4, [srr, ndr, sds, nscr], opts);
  return {
    level,
    problems,
    kept: sums[KEPT]!,
    found: sums[FOUND]!,
    lost: sums[LOST]!,
    never: sums[NEVER]!,
    srr: r ?? null,
    ndr: d ?? null,
    sds: h ?? null,
    nscr: c ?? null,
  };
}

/** Problem-level support dynamics plus the certified-absence bounds of the base on the found problems. */
export interface ProblemSupport extends SupportDynamics {
  /** Problems only the other model solved, and how unlikely the base is to solve them (0 of n each). */
  foundIds: string[];
  lostIds: string[];
  baseAbsenceOnFound: AbsenceSetBound;
}

/**
 * Problem level: a problem is in a model's support when it solved it at least once in its n
 * samples (c > 0) — counts are enough, so counts-only runs work. Problems must match by id.
 */
export function problemSupport(
  base: readonly ProblemOutcome[],
  other: readonly ProblemOutcome[],
  options: BootstrapOptions & { confidence?: number } = {},
): ProblemSupport {
  validateOutcomes(base, 'base');
  validateOutcomes(other, 'other');
  const { a, b } = alignOutcomes(base, other, ['the base', 'the other model']);
  const m = a.length;
  const counts = new Float64Array(m * 4);
  const foundIds: string[] = [];
  const lostIds: string[] = [];
  const foundBaseN: number[] = [];
  for (let i = 0; i < m; i++) {
    const inBase = a[i]!.c > 0;
    const inOther = b[i]!.c > 0;
    const col = inBase && inOther ? KEPT : inOther ? FOUND : inBase ? LOST : NEVER;
    counts[i * 4 + col] = 1;
    if (col === FOUND) {
      foundIds.push(a[i]!.problemId);
      foundBaseN.push(a[i]!.n);
    } else if (col === LOST) lostIds.push(a[i]!.problemId);
  }
  return {
    ...supportFromCounts('problem', counts, m, options),
    foundIds,
    lostIds,
    baseAbsenceOnFound: absenceSetBound(foundBaseN, options.confidence ?? resolveBootstrap(options).ci),
  };
}

/** One problem's correct answer groups: those reached by any model in the study, by the base, by the other. */
export interface AnswerSupportRow {
  problemId: string;
  universe: readonly number[];
  base: readonly number[];
  other: readonly number[];
}

/**
 * Answer level: the items are (problem, distinct correct final answer) pairs, answers grouped by
 * equivalence across models; an item is in a model's support when one of its samples gave that
 * answer and was graded correct. "never" counts correct answers some other model of the study
 * reached but neither of these two did (with two models it is 0).
 */
export function answerSupport(rows: readonly AnswerSupportRow[], options: BootstrapOptions = {}): SupportDynamics {
  const counts = new Float64Array(rows.length * 4);
  rows.forEach((row, i) => {
    const inBase = new Set(row.base);
    const inOther = new Set(row.other);
    for (const g of new Set([...row.universe, ...row.base, ...row.other])) {
      const col = inBase.has(g) && inOther.has(g) ? KEPT : inOther.has(g) ? FOUND : inBase.has(g) ? LOST : NEVER;
      counts[i * 4 + col]!++;
    }
  });
  return supportFromCounts('answer', counts, rows.length, options);
}
