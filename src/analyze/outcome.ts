import { InputError } from '../errors.js';

/**
 * What the analytics need to know about one problem for one model: how many samples were drawn
 * (`n`), how many were correct (`c`), and — when available — the per-sample 0/1 outcomes in sample
 * order (`scores`, needed for "first k samples" questions) and the extracted answers (`answers`,
 * needed for majority voting; `null` = no answer could be extracted).
 */
export interface ProblemOutcome {
  problemId: string;
  n: number;
  c: number;
  scores?: readonly (0 | 1)[];
  answers?: readonly (string | null)[];
}

/** Builds an outcome from a 0/1 score list (the paper's per-problem `score` form). */
export function outcomeFromScores(problemId: string, scores: readonly (0 | 1 | boolean)[], answers?: readonly (string | null)[]): ProblemOutcome {
  const s = scores.map((v) => (v === true || v === 1 ? 1 : 0) as 0 | 1);
  const c = s.reduce<number>((a, v) => a + v, 0);
  return answers === undefined ? { problemId, n: s.length, c, scores: s } : { problemId, n: s.length, c, scores: s, answers };
}

/**
 * Checks the invariants every analysis relies on and names the offending problem when one fails:
 * integer n ≥ 1, integer 0 ≤ c ≤ n, scores/answers (when present) of length n and agreeing with c,
 * unique problem ids, and at least one problem.
 */
export function validateOutcomes(outcomes: readonly ProblemOutcome[], what = 'outcomes'): void {
  if (outcomes.length === 0) throw new InputError(`${what}: no problems to analyze`);
  const seen = new Set<string>();
  for (const o of outcomes) {
    const where = { field: `problem ${JSON.stringify(o.problemId)}` };
    if (seen.has(o.problemId)) throw new InputError(`${what}: duplicate problem id`, where);
    seen.add(o.problemId);
    if (!Number.isInteger(o.n) || o.n < 1) throw new InputError(`${what}: n must be an integer ≥ 1 (got ${o.n})`, where);
    if (!Number.isInteger(o.c) || o.c < 0 || o.c > o.n) throw new InputError(`${what}: c must be an integer in [0, n=${o.n}] (got ${o.c})`, where);
    if (o.scores !== undefined) {
      if (o.scores.length !== o.n) throw new InputError(`${what}: scores has ${o.scores.length} entries but n=${o.n}`, where);
      const c = o.scores.reduce<number>((a, v) => a + v, 0);
      if (c !== o.c) throw new InputError(`${what}: scores sum to ${c} but c=${o.c}`, where);
    }
    if (o.answers !== undefined && o.answers.length !== o.n) throw new InputError(`${what}: answers has ${o.answers.length} entries but n=${o.n}`, where);
  }
}

/** Smallest and largest n over the problems; `ragged` when they differ. */
export interface SampleCountSummary {
  nMin: number;
  nMax: number;
  ragged: boolean;
}

export function sampleCounts(outcomes: readonly ProblemOutcome[]): SampleCountSummary {
  let nMin = Infinity;
  let nMax = 0;
  for (const o of outcomes) {
    if (o.n < nMin) nMin = o.n;
    if (o.n > nMax) nMax = o.n;
  }
  return { nMin, nMax, ragged: nMin !== nMax };
}

/**
 * Puts two models' outcomes in the same problem order and fails, listing the ids, when either side
 * has problems the other lacks — paired statistics are meaningless otherwise, and dropping the
 * extras silently would change the answer.
 */
export function alignOutcomes(
  a: readonly ProblemOutcome[],
  b: readonly ProblemOutcome[],
  labels: readonly [string, string] = ['the first', 'the second'],
): { a: ProblemOutcome[]; b: ProblemOutcome[] } {
  const byId = new Map(b.map((o) => [o.problemId, o] as const));
  const onlyA = a.filter((o) => !byId.has(o.problemId)).map((o) => o.problemId);
  const idsA = new Set(a.map((o) => o.problemId));
  const onlyB = b.filter((o) => !idsA.has(o.problemId)).map((o) => o.problemId);
  if (onlyA.length > 0 || onlyB.length > 0) {
    const show = (ids: string[]): string => (ids.length > 5 ? `${ids.slice(0, 5).join(', ')}, … (${ids.length})` : ids.join(', '));
    throw new InputError(
      `the two models were not evaluated on the same problems` +
        (onlyA.length ? `; only in ${labels[0]}: ${show(onlyA)}` : '') +
        (onlyB.length ? `; only in ${labels[1]}: ${show(onlyB)}` : ''),
    );
  }
  return { a: [...a], b: a.map((o) => byId.get(o.problemId)!) };
}
