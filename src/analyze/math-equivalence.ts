import { gradeMath, type MathPolicy } from '../verify/math/index.js';

/** Decides whether two final answers are the same answer (used to group answers per problem). */
export type AnswerEquivalence = (candidate: string, representative: string) => boolean;

const PLAIN_DECIMAL = /^[+-]?(\d+)(?:\.(\d+))?$/;

/** A plain decimal's canonical spelling ("+027.50" → "27.5"), or null for anything else. */
export function canonicalDecimal(s: string): string | null {
  const m = PLAIN_DECIMAL.exec(s);
  if (!m) return null;
  const int = m[1]!.replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  const sign = s.startsWith('-') && (int !== '0' || frac !== '') ? '-' : '';
  return `${sign}${int}${frac ? `.${frac}` : ''}`;
}

/**
 * The math verifier's equivalence, through its public `gradeMath` (the candidate graded against the
 * representative as if it were the gold answer). Two plain decimals are compared by value without
 * calling the verifier — the verifier's exact-rational layer decides them the same way (tested),
 * and integer answers are most of what AIME/AMC/GSM8K samples hold, at ~80 µs a verifier call.
 * A verifier error counts as "different" (two groups rather than a wrong merge).
 */
export function mathAnswerEquivalence(policy: MathPolicy = 'strict'): AnswerEquivalence {
  return (candidate, representative) => {
    const a = canonicalDecimal(candidate);
    const b = canonicalDecimal(representative);
    if (a !== null && b !== null) return a === b;
    try {
      return gradeMath({ pred: candidate, gold: representative, policy }).correct;
    } catch {
      return false;
    }
  };
}
