import { validateOutcomes, type ProblemOutcome } from './outcome.js';
import { passHatK, planKs } from './passk.js';

/** avg@n: the mean over problems of each problem's accuracy c/n (equals unbiased pass@1). */
export function avgAtN(outcomes: readonly ProblemOutcome[]): number {
  validateOutcomes(outcomes);
  let s = 0;
  for (const o of outcomes) s += o.c / o.n;
  return s / outcomes.length;
}

/** Dataset pass^k: the mean over problems of the unbiased probability that k samples are all correct. */
export function datasetPassHatK(outcomes: readonly ProblemOutcome[], k: number): number {
  planKs(outcomes, [k]);
  let s = 0;
  for (const o of outcomes) s += passHatK(o.n, o.c, k);
  return s / outcomes.length;
}
