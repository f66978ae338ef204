import { validateOutcomes, type ProblemOutcome } from './outcome.js';

/**
 * The problems whose correct answers deserve a human look (paper v2 §3.1, App. D.2): solved at
 * least once but rarely — 0 < c/n < `below` (default 5%). A correct sample there may be a lucky
 * guess with invalid reasoning; the CoT inspection queue (the store's `reviews`) starts here.
 * Returned hardest first (lowest accuracy), ties in input order.
 */
export function rarelySolvedProblems(outcomes: readonly ProblemOutcome[], below = 0.05): { problemId: string; n: number; c: number; accuracy: number }[] {
  validateOutcomes(outcomes);
  if (!(below > 0 && below <= 1)) throw new RangeError(`accuracy threshold must be in (0, 1] (got ${below})`);
  return outcomes
    .filter((o) => o.c > 0 && o.c / o.n < below)
    .map((o) => ({ problemId: o.problemId, n: o.n, c: o.c, accuracy: o.c / o.n }))
    .sort((x, y) => x.accuracy - y.accuracy);
}
