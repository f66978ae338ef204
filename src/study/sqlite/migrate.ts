import type Database from 'better-sqlite3';
import { RlboundError } from '../../errors.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './schema.js';

/**
 * Brings the file's schema to the latest version, one transaction per migration (a crash mid-way
 * leaves the file at the previous version). A file from a newer rlbound is refused, not altered.
 */
export function migrate(db: Database.Database, file: string, readonly: boolean): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_SCHEMA_VERSION)
    throw new RlboundError(`${file}: study schema version ${current} is newer than this rlbound supports (${LATEST_SCHEMA_VERSION}); upgrade rlbound`);
  if (current === LATEST_SCHEMA_VERSION) return;
  if (readonly) throw new RlboundError(`${file}: study schema version ${current} needs migrating to ${LATEST_SCHEMA_VERSION}; open it once without --readonly`);
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
