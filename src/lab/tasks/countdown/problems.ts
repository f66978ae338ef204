import { drawDistinct, isHeldOut } from '../partition.js';
import { TaskRandom } from '../random.js';
import type { TaskProblem } from '../task.js';
import type { CountdownSettings } from './settings.js';
import { reachableValues } from './solver.js';

export interface CountdownProblem extends TaskProblem {
  numbers: number[];
  target: number;
}

export function countdownKey(numbers: readonly number[], target: number): string {
  return `${[...numbers].sort((a, b) => a - b).join(',')}>${target}`;
}

export function countdownPrompt(numbers: readonly number[], target: number): string {
  return `#${numbers.join(',')}>${target}:`;
}

export function makeCountdownProblem(numbers: number[], target: number): CountdownProblem {
  return { key: countdownKey(numbers, target), prompt: countdownPrompt(numbers, target), numbers, target };
}

/**
 * A "uniform-target" problem (lab-prototype.md §1.1): uniform numbers, then a target uniform over
 * the reachable values in range — so rare targets, with few solutions, are as common as easy ones.
 * Returns null if no value in range is reachable.
 */
export function drawUniformTarget(s: CountdownSettings, rng: TaskRandom): CountdownProblem | null {
  const numbers = Array.from({ length: s.count }, () => rng.int(1, s.maxNumber));
  const targets = reachableValues(numbers)
    .filter((v) => v >= s.minTarget && v <= s.maxTarget)
    .sort((a, b) => a - b);
  if (targets.length === 0) return null;
  return makeCountdownProblem(numbers, rng.pick(targets));
}

export function countdownProblems(s: CountdownSettings, split: 'train' | 'test', count: number, seed: number): CountdownProblem[] {
  // Separate streams per split, so a test set does not change when the train count does.
  const rng = new TaskRandom(split === 'test' ? seed : seed + 7919);
  return drawDistinct(split, count, () => drawUniformTarget(s, rng));
}

/** A teacher problem: uniform-target, from the training partition. */
export function countdownTeacherProblem(s: CountdownSettings, rng: TaskRandom): CountdownProblem {
  for (;;) {
    const p = drawUniformTarget(s, rng);
    if (p !== null && !isHeldOut(p.key)) return p;
  }
}
