import { createCountdownTask } from '../../tasks/countdown/index.js';
import type { TaskFamily } from '../../tasks/task.js';

/**
 * The edge-of-competence task (arXiv 2512.07783 asks whether RL helps only just beyond what the base
 * can do): countdown-lite with numbers up to 12 instead of 9, targets unchanged. Measured on the
 * `paper` base at T = 0.6 (64 samples × 40 held-out problems, docs/lab.md §8.7): the default task
 * gives pass@1 14.2% and solves 37 of 40; numbers up to 12 give 1.7% and 7 of 40 — low but not
 * zero, the edge. Three-digit targets (100..199) or five numbers gave 0 of 40: past the edge.
 */
export const EDGE_COUNTDOWN = { count: 4, maxNumber: 12, minTarget: 10, maxTarget: 99, factShare: 0.25 } as const;

export function edgeTask(): TaskFamily {
  return createCountdownTask(EDGE_COUNTDOWN);
}
