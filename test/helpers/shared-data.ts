import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './cli.js';

/** The project's shared benchmark data, next to the repository (read in place, never copied in). */
export const sharedDataDir = path.join(repoRoot, '..', 'shared', 'data');

/**
 * A file or folder under ../shared/data, checked to exist: a checkout without the shared data fails
 * here, naming what is missing, instead of later (or over the network).
 */
export function sharedData(...parts: string[]): string {
  const p = path.join(sharedDataDir, ...parts);
  if (!existsSync(p)) throw new Error(`test data missing: ${p} (tests read benchmark data from ../shared/data next to the repository; nothing is downloaded)`);
  return p;
}
