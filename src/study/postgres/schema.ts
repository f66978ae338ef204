import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from '../sqlite/schema.js';
import { toPostgresDdl } from './dialect.js';

/**
 * PostgreSQL migrations: the SQLite migrations translated by the dialect layer, so both
 * backends have the same tables, columns and unique keys at every version. A future migration
 * that needs engine-specific DDL (e.g. SQLite's table rebuild for ALTER COLUMN) gets an entry in
 * OVERRIDES under its version.
 */
const OVERRIDES: Readonly<Record<number, string>> = {};

export const PG_MIGRATIONS: readonly Migration[] = MIGRATIONS.map((m) => ({ ...m, sql: OVERRIDES[m.version] ?? toPostgresDdl(m.sql) }));
export { LATEST_SCHEMA_VERSION };

/** PostgreSQL has no `PRAGMA user_version`: the version lives in this one-row table. */
export const VERSION_TABLE = 'rlbound_schema';

/** Serializes concurrent migrators (several workers opening a fresh database at once). */
export const MIGRATION_LOCK_KEY = 0x726c6264; // "rlbd"
