import type { TaskRandom } from './random.js';

/** A prompt/response pair for training. The sequence the model sees is prompt + response + EOS. */
export interface TextPair {
  prompt: string;
  response: string;
}

/** A held-out or training problem of a task family. `key` identifies it for disjointness checks. */
export interface TaskProblem {
  key: string;
  prompt: string;
}

export interface Verdict {
  correct: boolean;
  /** Why: `ok`, `malformed`, `wrong-numbers`, `wrong-value`, `bad-step`, … */
  reason: string;
  /** `steps` if the response used the step-by-step pattern, `direct` otherwise. */
  format: 'steps' | 'direct';
}

/**
 * A synthetic verifiable reasoning task (issue 6 §1). Every generator is a pure function of its
 * seed, so problem sets, corpora and traces are reproducible.
 */
export interface TaskFamily<P extends TaskProblem = TaskProblem> {
  readonly name: string;
  /** One line describing the family and its difficulty setting. */
  readonly description: string;
  /** The longest prompt + response + EOS any generator here writes (to size the model's context). */
  readonly maxSequenceLength: number;
  /**
   * Disjoint problem sets: a hash of the key puts every possible problem in either the held-out
   * partition (`test`) or the training partition (`train`, also the teacher's), whatever the
   * counts and seeds. Keys are distinct within a set.
   */
  problems(split: 'train' | 'test', count: number, seed: number): P[];
  /** Binary reward: does `response` (text after the prompt, EOS stripped) solve `problem`? */
  verify(problem: P, response: string): Verdict;
  /** One base-corpus example (broad, imperfect coverage; never the teacher's pattern). */
  corpusExample(rng: TaskRandom): TextPair;
  /** A fresh problem for the teacher, drawn like the eval problems from the training partition. */
  teacherProblem(rng: TaskRandom): P;
  /** A teacher trace: the step-by-step pattern the base corpus never shows. */
  teacherTrace(problem: P, rng: TaskRandom): string;
  /** The control: the same teacher solution printed in the base corpus's own direct format. */
  controlTrace(problem: P, rng: TaskRandom): string;
}
