import Database from 'better-sqlite3';
import { InputError, RlboundError } from '../../errors.js';
import { SqlStudyStore } from '../sql/sql-study-store.js';
import type { StudyStore } from '../store.js';
import { migrate } from './migrate.js';
import { SqliteEngine } from './sqlite-engine.js';

/** Options for opening a study file. */
export interface OpenStudyOptions {
  /** Open an existing study without writing (no migrations are applied). */
  readonly?: boolean;
  /** Fail instead of creating the file when it does not exist. */
  mustExist?: boolean;
}

/**
 * Opens (creating and migrating if needed) the SQLite study file at `file`. WAL mode with
 * synchronous=NORMAL: a committed transaction survives a crash of the process (SIGKILL), and
 * readers never block the writer.
 */
export async function openStudy(file: string, options: OpenStudyOptions = {}): Promise<StudyStore> {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.mustExist ?? options.readonly ?? false });
  } catch (err) {
    throw new InputError(`cannot open study: ${(err as Error).message}`, { file }, { cause: err });
  }
  try {
    // 16 KiB pages: samples carry ~1 KiB texts, and bigger pages roughly double the insert rate
    // (fewer page splits and WAL frames). Only takes effect when the file is created.
    if (!options.readonly) db.pragma('page_size = 16384');
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('cache_size = -32768'); // 32 MiB page cache
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    migrate(db, file, options.readonly ?? false);
    return new SqlStudyStore(new SqliteEngine(db), file);
  } catch (err) {
    db.close();
    if (err instanceof RlboundError) throw err;
    throw new InputError(`not a usable study file: ${(err as Error).message}`, { file }, { cause: err });
  }
}
