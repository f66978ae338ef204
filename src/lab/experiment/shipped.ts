import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a shipped checkpoint is: the pretrained base, the distilled student, or the SFT control. */
export type ShippedRole = 'base' | 'distill' | 'sft-control';

/**
 * A checkpoint the repository ships for a preset (made by `rlbound lab pretrain` / `rlbound lab
 * distill`, which anyone can rerun), so `npm start` skips the two most expensive phases. The
 * folders (`<preset>-<role>`) live next to this file's source; the compiled file finds them from
 * dist/ through the repository root.
 */
export function shippedCheckpoint(preset: string, role: ShippedRole): string {
  const name = `${preset}-${role}`;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'checkpoints', name), path.resolve(here, '..', '..', '..', 'src', 'lab', 'experiment', 'checkpoints', name)];
  return candidates.find((c) => existsSync(path.join(c, 'config.json'))) ?? candidates[1];
}

/** Whether that shipped checkpoint is present (its folder has a config). */
export function isShipped(preset: string, role: ShippedRole): boolean {
  return existsSync(path.join(shippedCheckpoint(preset, role), 'config.json'));
}
