import type { LabCheckpointRecord, ModelRecord } from '../../study/index.js';

/** The roles a store can declare for a model (the importer's `--role`, a study file's `role`). */
export const DECLARED_ROLES = ['base', 'rl', 'distill', 'sft', 'other'] as const;

/** A lab checkpoint's training stage says what it is; the stage names map onto the declared roles. */
const STAGE_ROLES: Record<string, string> = { pretrain: 'base', base: 'base', sft: 'sft', rl: 'rl', distill: 'distill' };

export interface ModelRole {
  role: string;
  source: 'declared' | 'lab-checkpoint';
}

/**
 * A model's role as the store records it — the `role` column (set by `rlbound import --role` or a
 * study file), or, in stores written before that column, an `info.role` — else its lab
 * checkpoint's stage. Never the order in which models were added: importing the RL model first
 * must not make it the base. Undefined when nothing says.
 */
export function roleOf(model: ModelRecord, checkpoint: LabCheckpointRecord | undefined): ModelRole | undefined {
  const column = (model as ModelRecord & { role?: string | null }).role;
  if (typeof column === 'string' && column.length > 0) return { role: column, source: 'declared' };
  const legacy = model.info['role'];
  if (typeof legacy === 'string' && legacy.length > 0) return { role: legacy, source: 'declared' };
  if (checkpoint) return { role: STAGE_ROLES[checkpoint.stage] ?? checkpoint.stage, source: 'lab-checkpoint' };
  return undefined;
}

/** A lab checkpoint's step, the base checkpoint counting as step 0 (for the training-steps figure). */
export function checkpointStep(checkpoint: LabCheckpointRecord): number | null {
  return checkpoint.step ?? (STAGE_ROLES[checkpoint.stage] === 'base' ? 0 : null);
}
