import type { TaskProblem } from '../../tasks/task.js';

/**
 * SELF's data selection (arXiv 2510.02230): on-policy RL reinforces what the base already solves
 * and suppresses the rest ("winner-take-all"), so train only on problems the base solves rarely —
 * a measured solve rate at or below `maxRate`. Problems never solved in the probe stay in: a few
 * probe samples do not show they are out of reach, and a group that finds one success learns most.
 * Falls back to the hardest `minimum` problems if too few qualify.
 */
export function rarelySolved(problems: readonly TaskProblem[], solveRate: ReadonlyMap<string, number>, maxRate: number, minimum: number): TaskProblem[] {
  const rate = (p: TaskProblem): number => solveRate.get(p.key) ?? 0;
  const chosen = problems.filter((p) => rate(p) <= maxRate);
  if (chosen.length >= minimum) return chosen;
  return [...problems].sort((a, b) => rate(a) - rate(b)).slice(0, Math.min(minimum, problems.length));
}
