import { z } from 'zod';
import type { CharTokenizer, GptModel } from '../model/index.js';
import type { TaskRandom } from '../tasks/random.js';
import type { TextPair } from '../tasks/task.js';
import { AdamW, responseMask, trainStep, warmupCosineLr, weightedNll } from '../train/index.js';

/**
 * A supervised recipe: pretraining on the base corpus and distillation on teacher traces share
 * it (lab-prototype.md §1.4: AdamW β = (0.9, 0.95), wd 0.01, warm-up + cosine to 10%, clip 1.0).
 */
export const SupervisedRecipeSchema = z
  .object({
    steps: z.number().int().min(1),
    batchSize: z.number().int().min(1),
    peakLr: z.number().positive(),
    warmupSteps: z.number().int().min(0),
    minLrRatio: z.number().min(0).max(1).default(0.1),
    beta1: z.number().min(0).max(1).default(0.9),
    beta2: z.number().min(0).max(1).default(0.95),
    weightDecay: z.number().min(0).default(0.01),
    gradClip: z.number().positive().default(1),
  })
  .strict();
export type SupervisedRecipe = z.output<typeof SupervisedRecipeSchema>;
export type SupervisedRecipeInput = z.input<typeof SupervisedRecipeSchema>;

/** Encodes `prompt + response + EOS`; returns the ids and the prompt length in tokens. */
export function encodePair(tokenizer: CharTokenizer, pair: TextPair): { ids: number[]; promptLength: number } {
  const prompt = tokenizer.encode(pair.prompt);
  return { ids: [...prompt, ...tokenizer.encode(pair.response), tokenizer.eos], promptLength: prompt.length };
}

export interface SupervisedProgress {
  step: number;
  steps: number;
  loss: number;
  lr: number;
}

/**
 * Trains `model` on fresh examples from `nextPair` with cross-entropy on the response tokens and
 * EOS only (the prompt is masked). Returns the mean loss of the last 10% of steps.
 */
export function trainSupervised(
  model: GptModel,
  tokenizer: CharTokenizer,
  recipeInput: SupervisedRecipeInput,
  nextPair: (rng: TaskRandom) => TextPair,
  rng: TaskRandom,
  onStep?: (p: SupervisedProgress) => void,
): { finalLoss: number } {
  const recipe = SupervisedRecipeSchema.parse(recipeInput);
  const optimizer = new AdamW(model, { beta1: recipe.beta1, beta2: recipe.beta2, weightDecay: recipe.weightDecay });
  const schedule = { peakLr: recipe.peakLr, warmupSteps: recipe.warmupSteps, totalSteps: recipe.steps, minLrRatio: recipe.minLrRatio };
  const tail: number[] = [];
  try {
    for (let step = 0; step < recipe.steps; step++) {
      const encoded = Array.from({ length: recipe.batchSize }, () => encodePair(tokenizer, nextPair(rng)));
      const batch = model.pack(encoded.map((e) => e.ids));
      const weights = responseMask(
        batch,
        encoded.map((e) => e.promptLength),
      );
      const lr = warmupCosineLr(schedule, step);
      const result = trainStep(model, optimizer, [batch], (out) => weightedNll(out, weights), { lr, maxGradNorm: recipe.gradClip });
      if (step >= recipe.steps * 0.9) tail.push(result.loss);
      onStep?.({ step: step + 1, steps: recipe.steps, loss: result.loss, lr });
    }
  } finally {
    optimizer.dispose();
  }
  return { finalLoss: tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length) };
}
