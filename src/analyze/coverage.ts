import { InputError } from '../errors.js';
import { alignOutcomes, validateOutcomes, type ProblemOutcome } from './outcome.js';

/**
 * Whether a problem is solvable "at k": at least one of its first k samples is correct. With k
 * omitted (or k ≥ n) that is c > 0 over all its samples, the paper's definition. For k < n the
 * per-sample order is needed (`scores`); without it the question cannot be answered honestly, so
 * this throws rather than guess.
 */
export function solvedAt(o: ProblemOutcome, k?: number): boolean {
  if (k === undefined || k === o.n) return o.c > 0;
  if (!Number.isInteger(k) || k < 1) throw new InputError(`k must be a positive integer (got ${k})`, { field: 'k' });
  if (k > o.n) throw new InputError(`k=${k} exceeds the ${o.n} samples of problem ${JSON.stringify(o.problemId)}`, { field: 'k' });
  if (o.scores === undefined)
    throw new InputError(`coverage at k=${k} < n=${o.n} needs per-sample scores, which problem ${JSON.stringify(o.problemId)} lacks`, { field: 'scores' });
  for (let i = 0; i < k; i++) if (o.scores[i] === 1) return true;
  return false;
}

/** Ids of the problems solvable at k, in input order. */
export function solvableSet(outcomes: readonly ProblemOutcome[], k?: number): string[] {
  validateOutcomes(outcomes);
  return outcomes.filter((o) => solvedAt(o, k)).map((o) => o.problemId);
}

/** A set of problem ids with its size. */
export interface IdSet {
  count: number;
  ids: string[];
}

/** How two models' solvable sets overlap (the paper's Tables 4–5 and the v5 counts). */
export interface Coverage {
  k: number | null;
  problems: number;
  solvedA: IdSet;
  solvedB: IdSet;
  both: IdSet;
  aOnly: IdSet;
  bOnly: IdSet;
  neither: IdSet;
  /** |A ∩ B| / |A|: 1 means everything A solves B also solves (A's set is a subset of B's). Null when A solves nothing. */
  subsetRatio: number | null;
}

const idSet = (ids: string[]): IdSet => ({ count: ids.length, ids });

/** Compares the solvable sets of two models evaluated on the same problems. */
export function coverage(a: readonly ProblemOutcome[], b: readonly ProblemOutcome[], k?: number): Coverage {
  validateOutcomes(a, 'first model');
  validateOutcomes(b, 'second model');
  const al = alignOutcomes(a, b);
  const both: string[] = [];
  const aOnly: string[] = [];
  const bOnly: string[] = [];
  const neither: string[] = [];
  al.a.forEach((oa, i) => {
    const sa = solvedAt(oa, k);
    const sb = solvedAt(al.b[i], k);
    (sa ? (sb ? both : aOnly) : sb ? bOnly : neither).push(oa.problemId);
  });
  const solvedA = [...both, ...aOnly];
  const solvedB = [...both, ...bOnly];
  return {
    k: k ?? null,
    problems: al.a.length,
    solvedA: idSet(solvedA),
    solvedB: idSet(solvedB),
    both: idSet(both),
    aOnly: idSet(aOnly),
    bOnly: idSet(bOnly),
    neither: idSet(neither),
    subsetRatio: solvedA.length === 0 ? null : both.length / solvedA.length,
  };
}
