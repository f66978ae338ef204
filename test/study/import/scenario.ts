/**
 * One small study every format fixture writes in its own layout: three math problems, two
 * models, four responses each. It has a response with no answer, a truncated one, samples split
 * over two seed files (math_eval), and a problem only one model solves (problem 1, by "rl").
 * `correct` is what rlbound's math verifier (strict) decides — the source tools' verdicts in the
 * fixtures agree with it — so the expected counts below hold for source verdicts and re-grading.
 */
export interface ScenarioResponse {
  text: string;
  correct: boolean;
  /** The answer a grader extracts (null: none, e.g. no \boxed). */
  answer: string | null;
  finish: 'stop' | 'length';
}

export const PROBLEMS = [
  { question: 'What is 2 + 3? Put the final answer in a box.', gold: '5' },
  { question: 'What is 7 times 6? Put the final answer in a box.', gold: '42' },
  { question: 'What is 10 minus 4? Put the final answer in a box.', gold: '6' },
] as const;

const r = (text: string, correct: boolean, answer: string | null, finish: 'stop' | 'length' = 'stop'): ScenarioResponse => ({ text, correct, answer, finish });

export const MODELS = ['base', 'rl'] as const;
export type ModelName = (typeof MODELS)[number];

export const RESPONSES: Record<ModelName, ScenarioResponse[][]> = {
  base: [
    [
      r('2 + 3 = 5, so \\boxed{5}', true, '5'),
      r('I get \\boxed{4}', false, '4'),
      r('I am not sure how to do this.', false, null),
      r('The sum is \\boxed{5}', true, '5'),
    ],
    [
      r('7 times 6 is \\boxed{41}', false, '41'),
      r('The product of 7 and 6 is', false, null, 'length'),
      r('\\boxed{40}', false, '40'),
      r('\\boxed{36}', false, '36'),
    ],
    [r('\\boxed{6}', true, '6'), r('10 - 4 = \\boxed{6}', true, '6'), r('\\boxed{7}', false, '7'), r('So \\boxed{6}', true, '6')],
  ],
  rl: [
    [r('\\boxed{5}', true, '5'), r('\\boxed{5}', true, '5'), r('2 + 3 = \\boxed{5}', true, '5'), r('\\boxed{4}', false, '4')],
    [
      r('7 \\cdot 6 = \\boxed{42}', true, '42'),
      r('\\boxed{48}', false, '48'),
      r('Let me think step by step about', false, null, 'length'),
      r('\\boxed{43}', false, '43'),
    ],
    [r('\\boxed{6}', true, '6'), r('\\boxed{6}', true, '6'), r('\\boxed{6}', true, '6'), r('The answer is \\boxed{6}', true, '6')],
  ],
};

/** Correct samples per problem (n = 4 each). */
export const EXPECTED_C: Record<ModelName, number[]> = { base: [2, 0, 3], rl: [3, 1, 4] };
export const N = 4;
