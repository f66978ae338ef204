import { TaskRandom } from '../random.js';
import type { TaskFamily } from '../task.js';
import { countdownCorpusExample, TargetFlattener } from './corpus.js';
import { countdownProblems, countdownTeacherProblem, type CountdownProblem } from './problems.js';
import { CountdownSettings, COUNTDOWN_DIFFICULTY } from './settings.js';
import { countdownControlTrace, countdownTeacherTrace } from './teacher.js';
import { verifyCountdown } from './verifier.js';

export * from './settings.js';
export * from './problems.js';
export * from './solver.js';
export * from './trees.js';
export * from './corpus.js';
export * from './teacher.js';
export * from './verifier.js';

const digits = (n: number): number => String(n).length;

/**
 * Countdown-lite: reach the target using every given number exactly once with `+ - *` and
 * parentheses. Prompt `#3,7,2,9>41:`; base answers are expressions, teacher answers are steps.
 */
export function createCountdownTask(settings: CountdownSettings = COUNTDOWN_DIFFICULTY.default): TaskFamily<CountdownProblem> {
  const s = CountdownSettings.parse(settings);
  let flattener: TargetFlattener | undefined;
  const prompt = 1 + s.count * digits(s.maxNumber) + (s.count - 1) + 1 + digits(s.maxTarget) + 1;
  const stepWidth = 3 * digits(s.maxNumber ** s.count) + 2;
  return {
    name: 'countdown',
    description: `countdown-lite: ${s.count} numbers in 1..${s.maxNumber}, targets ${s.minTarget}..${s.maxTarget}`,
    maxSequenceLength: prompt + (s.count - 1) * (stepWidth + 1) + 1,
    problems: (split, count, seed) => countdownProblems(s, split, count, seed),
    verify: verifyCountdown,
    corpusExample: (rng) => {
      // The flattening histogram is built once, from its own fixed stream, on first use.
      flattener ??= new TargetFlattener(s, new TaskRandom(20250417));
      return countdownCorpusExample(s, flattener, rng);
    },
    teacherProblem: (rng) => countdownTeacherProblem(s, rng),
    teacherTrace: countdownTeacherTrace,
    controlTrace: countdownControlTrace,
  };
}
