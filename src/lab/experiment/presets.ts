import type { GptConfigInput } from '../model/index.js';
import type { RlConfigInput } from '../rl/index.js';
import type { EvalSettingsInput } from './evaluate.js';
import type { SupervisedRecipeInput } from './supervised.js';

/** Everything one lab experiment needs: task, model shape, the three training recipes, the evaluation. */
export interface LabPreset {
  name: string;
  task: { name: string; difficulty: string };
  model: Omit<GptConfigInput, 'vocab'>;
  pretrain: SupervisedRecipeInput;
  /** SFT on teacher traces (step format) and the expression-format control (lab-prototype.md §2.6). */
  distill: SupervisedRecipeInput;
  rl: RlConfigInput;
  /** RL steps at which checkpoints are evaluated (pass@1 / pass@n across training). */
  rlCheckpoints: number[];
  evalProblems: number;
  trainProblems: number;
  eval: EvalSettingsInput;
}

/**
 * lab-prototype.md's main configuration (§1, §5.1): countdown-lite, d64 L3 (155,520 parameters),
 * pretraining 1500 × 256 at peak lr 3e-3, GRPO 32 × 8 at lr 5e-5 without KL, distillation 4000 × 128
 * at lr 1e-3 (the prototype's main recipe; its cheaper 2000 × 2e-3 student ends one problem below
 * the base at k = 256 at T = 0.6, docs/lab.md §4.7), evaluation 200 held-out problems × 256 samples
 * at the paper's T = 0.6.
 */
export const PAPER_PRESET: LabPreset = {
  name: 'paper',
  task: { name: 'countdown', difficulty: 'default' },
  model: { layers: 3, dModel: 64, heads: 4, context: 64 },
  pretrain: { steps: 1500, batchSize: 256, peakLr: 3e-3, warmupSteps: 100 },
  distill: { steps: 4000, batchSize: 128, peakLr: 1e-3, warmupSteps: 50 },
  rl: { algorithm: 'grpo', steps: 150, promptsPerStep: 32, groupSize: 8, learningRate: 5e-5, maxResponseTokens: 40 },
  rlCheckpoints: [50, 100, 150],
  evalProblems: 200,
  trainProblems: 2000,
  eval: { n: 256, temperature: 0.6, maxTokens: 40, perplexitySamples: 16 },
};

/**
 * lab-prototype.md's smaller model (§2.5, §5.2): d48 L2 (60,720 parameters), pretraining 1500 × 128
 * (about 4.4M positions), GRPO 200 steps, distillation 2000 × 128 at lr 2e-3. About five times
 * cheaper than `paper`; the prototype saw every effect with smaller margins (base pass@1 ≈ 5%).
 */
export const SMALL_PRESET: LabPreset = {
  ...PAPER_PRESET,
  name: 'small',
  model: { layers: 2, dModel: 48, heads: 4, context: 64 },
  pretrain: { steps: 1500, batchSize: 128, peakLr: 3e-3, warmupSteps: 100 },
  distill: { steps: 2000, batchSize: 128, peakLr: 2e-3, warmupSteps: 50 },
  rl: { ...PAPER_PRESET.rl, steps: 200 },
  rlCheckpoints: [50, 100, 200],
};

/**
 * A seconds-long end-to-end configuration for tests and smoke runs: same pipeline, toy budgets.
 * It checks that everything connects, not that the findings reproduce.
 */
export const TINY_PRESET: LabPreset = {
  name: 'tiny',
  task: { name: 'countdown', difficulty: 'default' },
  model: { layers: 1, dModel: 16, heads: 2, context: 48 },
  pretrain: { steps: 30, batchSize: 32, peakLr: 1e-2, warmupSteps: 3 },
  distill: { steps: 10, batchSize: 16, peakLr: 5e-3, warmupSteps: 2 },
  rl: { algorithm: 'grpo', steps: 4, promptsPerStep: 4, groupSize: 4, learningRate: 1e-3, maxResponseTokens: 24 },
  rlCheckpoints: [2, 4],
  evalProblems: 6,
  trainProblems: 40,
  eval: { n: 16, temperature: 1, maxTokens: 24, perplexitySamples: 4, problemsPerCall: 6 },
};

export const PRESETS: Record<string, LabPreset> = { paper: PAPER_PRESET, small: SMALL_PRESET, tiny: TINY_PRESET };

/** A preset with another task family or difficulty (`--task`, `--difficulty`); recipes and evaluation unchanged. */
export function withTask(preset: LabPreset, task: { name?: string; difficulty?: string }): LabPreset {
  return { ...preset, task: { name: task.name ?? preset.task.name, difficulty: task.difficulty ?? preset.task.difficulty } };
}

/**
 * The name under which a preset's checkpoints are shipped: the preset's own name for its own task
 * (`paper`), else the name plus the task (`paper-arithmetic`, `paper-countdown-hard`), so a base
 * pretrained on one task is never picked up for another.
 */
export function checkpointSetName(preset: LabPreset): string {
  const own = PRESETS[preset.name]?.task;
  if (own && own.name === preset.task.name && own.difficulty === preset.task.difficulty) return preset.name;
  return [preset.name, preset.task.name, ...(preset.task.difficulty === 'default' ? [] : [preset.task.difficulty])].join('-');
}
