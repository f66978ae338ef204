import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { PRESETS, withTask, type LabPreset } from '../../lab/experiment/presets.js';
import { DIFFICULTIES, TASK_NAMES } from '../../lab/tasks/registry.js';

/** The flags every `rlbound lab` command shares to pick and adjust an experiment preset. */
export const intString = (what: string) => z.string().regex(/^\d+$/, `${what} must be a non-negative integer`).transform(Number);
export const numberString = (what: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?([eE]-?\d+)?$/, `${what} must be a number ≥ 0`)
    .transform(Number);

export const PresetFlags = z.object({
  preset: z.string(),
  task: z.enum(TASK_NAMES, { message: `--task must be one of ${TASK_NAMES.join(', ')}` }).optional(),
  difficulty: z.enum(DIFFICULTIES, { message: `--difficulty must be one of ${DIFFICULTIES.join(', ')}` }).optional(),
  n: intString('--n').optional(),
  temperature: numberString('--temperature').optional(),
});
export type PresetFlagValues = z.output<typeof PresetFlags>;

/** Adds --preset, --task and --difficulty (and, for commands that evaluate, --n and --temperature). */
export function addPresetFlags(command: Command, evaluates: boolean): Command {
  command
    .option('--preset <name>', `model size and recipes: ${Object.keys(PRESETS).join(', ')}`, 'paper')
    .option('--task <name>', `task family: ${TASK_NAMES.join(', ')} (default: the preset’s, countdown)`)
    .option('--difficulty <level>', `task difficulty: ${DIFFICULTIES.join(', ')} (default: the preset’s)`);
  if (evaluates) {
    command
      .option('--n <samples>', 'samples per held-out problem (default: the preset’s, 256)')
      .option('--temperature <t>', 'evaluation temperature (default: the paper’s 0.6)');
  }
  return command;
}

/** The preset the flags describe; an unknown name is an InputError naming --preset. */
export function presetFromFlags(f: PresetFlagValues): LabPreset {
  const preset = PRESETS[f.preset];
  if (!preset) throw new InputError(`unknown preset "${f.preset}" (expected one of ${Object.keys(PRESETS).join(', ')})`, { field: '--preset' });
  const tasked = withTask(preset, { name: f.task, difficulty: f.difficulty });
  return {
    ...tasked,
    eval: { ...tasked.eval, ...(f.n === undefined ? {} : { n: f.n }), ...(f.temperature === undefined ? {} : { temperature: f.temperature }) },
  };
}
