// Inputs of the worked examples of ../shared/docs/rlvr-algorithms.md §5, shared by the RL tests.
import { maskFromLengths, placeOutcomeRewards } from '../../../src/lab/rl/index.js';

export function exampleA() {
  const lengths = [3, 2, 4, 3];
  const mask = maskFromLengths(lengths, 5);
  return { lengths, mask, scores: [1, 0, 0, 1], tokenRewards: placeOutcomeRewards([1, 0, 0, 1], mask), uids: ['p', 'p', 'p', 'p'] };
}

export function exampleB() {
  const lengths = [3, 2, 4, 3, 2, 5, 1, 4, 5, 5, 3, 2];
  const scores = [1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0];
  const mask = maskFromLengths(lengths, 5);
  const uids = [...'PPPPQQQQSSSS'];
  return { lengths, mask, scores, tokenRewards: placeOutcomeRewards(scores, mask), uids };
}

/** Per-response value (first token) of a token matrix. */
export function firstTokens(rows: number[][]): number[] {
  return rows.map((r) => r[0]);
}

/** The valid tokens of each row. */
export function valid(rows: number[][], lengths: number[]): number[][] {
  return rows.map((r, i) => r.slice(0, lengths[i]));
}

export function expectClose(actual: number[], expected: number[], tol = 1e-6): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  actual.forEach((a, i) => {
    if (!(Math.abs(a - expected[i]) <= tol)) throw new Error(`index ${i}: ${a} ≠ ${expected[i]} (tol ${tol}); all: ${actual.join(', ')}`);
  });
}
