import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The base checkpoint the repository ships (made by `rlbound lab pretrain`, which anyone can rerun),
 * so `npm start` skips the most expensive phase. The folder lives next to this file's source; the
 * compiled file finds it from dist/ through the repository root.
 */
export function shippedBaseCheckpoint(name = 'countdown-base'): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'checkpoints', name), path.resolve(here, '..', '..', '..', 'src', 'lab', 'experiment', 'checkpoints', name)];
  return candidates.find((c) => existsSync(path.join(c, 'config.json'))) ?? candidates[1];
}
