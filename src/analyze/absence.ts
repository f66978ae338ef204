import { InputError } from '../errors.js';
import { validateOutcomes, type ProblemOutcome } from './outcome.js';

/**
 * Certified absence: what "0 correct of n" does and does not show. It never shows that a problem is
 * unsolvable — only that its success rate is probably small. With 0 successes in n independent
 * samples, the exact one-sided binomial (Clopper–Pearson) upper bound at level 1 − α solves
 * (1 − p)^n = α: p < 1 − α^(1/n) ≈ −ln(α)/n (≈ 3/n at 95 %, the "rule of three").
 */
export function absenceUpperBound(n: number, confidence = 0.95): number {
  if (!Number.isInteger(n) || n < 1) throw new InputError(`n must be an integer ≥ 1 (got ${n})`, { field: 'n' });
  checkConfidence(confidence);
  return 1 - Math.pow(1 - confidence, 1 / n);
}

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) throw new InputError(`confidence must be strictly between 0 and 1 (got ${confidence})`, { field: 'ci' });
}

/** The wording a report uses for an unsolved problem ("0 of 1024; rate < 0.0029 (95 %)"). */
export function describeAbsence(n: number, upper: number, confidence = 0.95): string {
  return `0 of ${n}; rate < ${upper.toPrecision(2)} (${Math.round(confidence * 1000) / 10} %)`;
}

export interface UnsolvedProblem {
  problemId: string;
  n: number;
  /** One-sided upper bound on this problem's success rate. */
  upper: number;
}

/**
 * Bounds for a set of problems that all had 0 successes (the unsolved problems of one model, or the
 * problems another model solves that this one never does).
 * - `meanUpper`: the sample-weighted mean rate Σ nᵢpᵢ / N is below 1 − α^(1/N), N = Σ nᵢ. Exact:
 *   P(no success anywhere) = ∏(1 − pᵢ)^nᵢ ≤ (1 − p̄)^N by concavity of log (Jensen), so any p̄ at or
 *   above the bound makes the observed all-zero result less likely than α. With equal n it is the
 *   plain mean rate.
 * - `everyUpper`: a bound that holds for every problem of the set at once (Šidák over independent
 *   problems): each pᵢ < 1 − (1 − (1 − α)^(1/K))^(1/nᵢ); the largest of these.
 */
export interface AbsenceSetBound {
  problems: number;
  samples: number;
  meanUpper: number | null;
  everyUpper: number | null;
}

export function absenceSetBound(ns: readonly number[], confidence = 0.95): AbsenceSetBound {
  checkConfidence(confidence);
  const K = ns.length;
  const N = ns.reduce((a, b) => a + b, 0);
  if (K === 0) return { problems: 0, samples: 0, meanUpper: null, everyUpper: null };
  const perProblemAlpha = 1 - Math.pow(confidence, 1 / K);
  let every = 0;
  for (const n of ns) every = Math.max(every, 1 - Math.pow(perProblemAlpha, 1 / n));
  return { problems: K, samples: N, meanUpper: 1 - Math.pow(1 - confidence, 1 / N), everyUpper: every };
}

export interface CertifiedAbsence extends AbsenceSetBound {
  confidence: number;
  /** Problems of the benchmark in the analysis. */
  total: number;
  unsolved: UnsolvedProblem[];
}

/** Every problem with 0 correct of n, with its bound, and the bounds over the whole unsolved set. */
export function certifiedAbsence(outcomes: readonly ProblemOutcome[], confidence = 0.95): CertifiedAbsence {
  validateOutcomes(outcomes);
  const unsolved = outcomes.filter((o) => o.c === 0).map((o) => ({ problemId: o.problemId, n: o.n, upper: absenceUpperBound(o.n, confidence) }));
  return {
    confidence,
    total: outcomes.length,
    unsolved,
    ...absenceSetBound(
      unsolved.map((u) => u.n),
      confidence,
    ),
  };
}
