import { InputError } from '../../errors.js';
import { loadCheckpoint, type LoadedCheckpoint } from '../model/index.js';
import { labEngine } from './engine.js';
import type { LabPreset } from './presets.js';

/** Loads a checkpoint onto the lab's engine and refuses it if it was trained on another task (`field` names the flag). */
export function loadTaskCheckpoint(dir: string, preset: LabPreset, field: string): LoadedCheckpoint {
  const loaded = loadCheckpoint(dir, { engine: labEngine() });
  assertBaseTask(loaded.config, preset, dir, field);
  return loaded;
}

/**
 * Refuses a base checkpoint pretrained on another task than the experiment's. All tasks share one
 * character tokenizer, so nothing else would notice: a countdown base evaluated on arithmetic
 * problems gives plausible-looking, meaningless curves. Checkpoints without a recorded task
 * (made elsewhere) are accepted.
 */
export function assertBaseTask(config: LoadedCheckpoint['config'], preset: LabPreset, dir: string, field: string): void {
  const recorded = config.training?.['task'];
  if (recorded === null || typeof recorded !== 'object') return;
  const { name, difficulty } = recorded as { name?: unknown; difficulty?: unknown };
  if (name !== preset.task.name || (difficulty ?? 'default') !== preset.task.difficulty) {
    throw new InputError(
      `${dir} was pretrained on ${String(name)} (${String(difficulty ?? 'default')}), not on ${preset.task.name} (${preset.task.difficulty}); pass a base for this task or --pretrain`,
      { field },
    );
  }
}
