import { z } from 'zod';
import type { LabPreset } from '../../lab/experiment/presets.js';
import { intString, numberString } from './lab-preset-flags.js';

/** --steps / --lr: override the preset's supervised recipe (pretraining or distillation). */
export const RecipeFlags = z.object({
  steps: intString('--steps')
    .refine((n) => n >= 1, '--steps must be at least 1')
    .optional(),
  lr: numberString('--lr').optional(),
});

export function withRecipe(preset: LabPreset, which: 'pretrain' | 'distill', f: z.output<typeof RecipeFlags>): LabPreset {
  const recipe = { ...preset[which], ...(f.steps === undefined ? {} : { steps: f.steps }), ...(f.lr === undefined ? {} : { peakLr: f.lr }) };
  return { ...preset, [which]: recipe };
}
