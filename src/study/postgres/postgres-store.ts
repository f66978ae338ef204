import { InputError, RlboundError } from '../../errors.js';
import { SqlStudyStore } from '../sql/sql-study-store.js';
import type { StudyStore } from '../store.js';
import { PgDatabase, redactUrl } from './connection.js';
import { PostgresEngine } from './postgres-engine.js';

/** Options for opening a study in PostgreSQL. */
export interface OpenPostgresOptions {
  /** Every transaction read-only; no migrations are applied. */
  readonly?: boolean;
  /** Fail instead of creating the schema when the database has none. */
  mustExist?: boolean;
  /** Connections of this process's pool (default 4). */
  maxConnections?: number;
}

/**
 * Opens the study kept in the PostgreSQL database at `url` (postgres://user:pass@host:port/db),
 * creating and migrating the schema if needed. Many processes on many machines may open the same
 * study at once: every write is one transaction and idempotent on the store's unique keys.
 */
export async function openPostgresStudy(url: string, options: OpenPostgresOptions = {}): Promise<StudyStore> {
  const location = redactUrl(url);
  const db = new PgDatabase(url, location, options);
  try {
    await db.migrate(options.readonly ?? false, options.mustExist ?? options.readonly ?? false);
  } catch (err) {
    await db.close().catch(() => undefined);
    if (err instanceof RlboundError) throw err;
    throw new InputError(`cannot open study: ${(err as Error).message}`, { file: location }, { cause: err });
  }
  return new SqlStudyStore(new PostgresEngine(db), location);
}
