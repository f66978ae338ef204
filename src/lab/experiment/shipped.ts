import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkpoints the repository ships, by role. */
export const SHIPPED = { base: 'countdown-base', distill: 'countdown-distill', control: 'countdown-sft-control' } as const;

/**
 * A checkpoint the repository ships (made by `rlbound lab pretrain` / `rlbound lab distill`, which
 * anyone can rerun), so `npm start` skips the two most expensive phases. The folders live next to
 * this file's source; the compiled file finds them from dist/ through the repository root.
 */
export function shippedCheckpoint(name: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'checkpoints', name), path.resolve(here, '..', '..', '..', 'src', 'lab', 'experiment', 'checkpoints', name)];
  return candidates.find((c) => existsSync(path.join(c, 'config.json'))) ?? candidates[1];
}

export function shippedBaseCheckpoint(): string {
  return shippedCheckpoint(SHIPPED.base);
}

/** Whether a shipped checkpoint is present (the folder has its config). */
export function isShipped(name: string): boolean {
  return existsSync(path.join(shippedCheckpoint(name), 'config.json'));
}
