import { createModel, saveCheckpoint, type GptModel } from '../model/index.js';
import { getTask } from '../tasks/registry.js';
import { TaskRandom } from '../tasks/random.js';
import { labEngine } from './engine.js';
import type { LabPreset } from './presets.js';
import { trainSupervised, type SupervisedProgress } from './supervised.js';
import { taskTokenizer } from './tokenizer.js';

/**
 * Pretrains the base model from scratch on the task's base corpus (solved instances in the direct
 * format plus arithmetic facts; never the teacher's step pattern) and saves it with lineage
 * `base`. Deterministic for a given preset and seed.
 */
export function pretrainBase(options: { preset: LabPreset; seed: number; outDir: string; onStep?: (p: SupervisedProgress) => void }): {
  model: GptModel;
  finalLoss: number;
  seconds: number;
} {
  const { preset, seed } = options;
  const task = getTask(preset.task.name, preset.task.difficulty);
  const tokenizer = taskTokenizer();
  const model = createModel({ ...preset.model, vocab: tokenizer.vocabSize }, { seed, engine: labEngine() });
  const started = Date.now();
  const { finalLoss } = trainSupervised(model, tokenizer, preset.pretrain, (rng) => task.corpusExample(rng), new TaskRandom(seed * 7 + 1), options.onStep);
  const seconds = (Date.now() - started) / 1000;
  saveCheckpoint(options.outDir, model, {
    tokenizer,
    lineage: { kind: 'base', parent: null, seed, description: `pretrained on the ${task.description} base corpus` },
    training: { preset: preset.name, task: preset.task, recipe: preset.pretrain, finalLoss, seconds },
  });
  return { model, finalLoss, seconds };
}
