import type { CharTokenizer, GptModel } from '../model/index.js';
import { cloneModel } from '../rl/models.js';
import { TaskRandom } from '../tasks/random.js';
import type { TaskFamily } from '../tasks/task.js';
import { trainSupervised, type SupervisedProgress, type SupervisedRecipeInput } from './supervised.js';

/**
 * What the student is fine-tuned on. `teacher`: the teacher's step-by-step traces, a pattern the
 * base corpus never shows (the distillation arm). `control`: the same kind of teacher solutions
 * printed in the base's own direct format (lab-prototype.md §2.6) — it separates "new correct data"
 * from "new reasoning pattern".
 */
export type DistillFormat = 'teacher' | 'control';

/** SFT of a copy of the base model on fresh teacher problems (never held-out ones). */
export function distill(options: {
  base: GptModel;
  task: TaskFamily;
  tokenizer: CharTokenizer;
  recipe: SupervisedRecipeInput;
  format: DistillFormat;
  seed: number;
  onStep?: (p: SupervisedProgress) => void;
}): { model: GptModel; finalLoss: number } {
  const model = cloneModel(options.base);
  const { task } = options;
  const { finalLoss } = trainSupervised(
    model,
    options.tokenizer,
    options.recipe,
    (rng) => {
      const problem = task.teacherProblem(rng);
      return { prompt: problem.prompt, response: options.format === 'teacher' ? task.teacherTrace(problem, rng) : task.controlTrace(problem, rng) };
    },
    new TaskRandom(options.seed * 31 + (options.format === 'teacher' ? 3 : 5)),
    options.onStep,
  );
  return { model, finalLoss };
}
