import { InputError } from '../../errors.js';
import { ARITHMETIC_DIFFICULTY, createArithmeticTask } from './arithmetic/index.js';
import { COUNTDOWN_DIFFICULTY, createCountdownTask } from './countdown/index.js';
import type { TaskFamily } from './task.js';

export const TASK_NAMES = ['countdown', 'arithmetic'] as const;
export type TaskName = (typeof TASK_NAMES)[number];
export const DIFFICULTIES = ['easy', 'default', 'hard'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** A task family by name and difficulty preset; bad names raise an InputError naming the field. */
export function getTask(name: string, difficulty: string = 'default'): TaskFamily {
  if (!(DIFFICULTIES as readonly string[]).includes(difficulty)) {
    throw new InputError(`unknown difficulty "${difficulty}" (expected one of ${DIFFICULTIES.join(', ')})`, { field: 'difficulty' });
  }
  const d = difficulty as Difficulty;
  switch (name) {
    case 'countdown':
      return createCountdownTask(COUNTDOWN_DIFFICULTY[d]);
    case 'arithmetic':
      return createArithmeticTask(ARITHMETIC_DIFFICULTY[d]);
    default:
      throw new InputError(`unknown task "${name}" (expected one of ${TASK_NAMES.join(', ')})`, { field: 'task' });
  }
}
