import { openPostgresStudy } from './postgres/postgres-store.js';
import { openStudy } from './sqlite/sqlite-store.js';
import type { StudyStore } from './store.js';

/** Options common to both backends. */
export interface OpenStoreOptions {
  readonly?: boolean;
  mustExist?: boolean;
}

/** True for a location that names a PostgreSQL database rather than a study file. */
export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Opens a study wherever it lives: a `postgres://…` (or `postgresql://…`) URL opens the
 * PostgreSQL store, anything else is the path of a SQLite study file.
 */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<StudyStore> {
  return isPostgresLocation(location) ? openPostgresStudy(location, options) : openStudy(location, options);
}
