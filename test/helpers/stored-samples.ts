import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Samples stored so far in a study file, read directly (read-only) while another process writes
 * it: 0 while the study does not exist or has not been migrated yet. Tests use it to SIGKILL a
 * writer at a chosen point of progress rather than after a wall-clock delay.
 */
export function storedSampleCount(study: string): number {
  if (!existsSync(study)) return 0;
  try {
    const db = new Database(study, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS c FROM samples WHERE text IS NOT NULL').get() as { c: number }).c;
    } finally {
      db.close();
    }
  } catch {
    return 0; // created but not migrated yet
  }
}
