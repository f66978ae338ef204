import pg from 'pg';
import { InputError, RlboundError } from '../../errors.js';
import type { Row } from '../sql/rows.js';
import { LATEST_SCHEMA_VERSION, MIGRATION_LOCK_KEY, PG_MIGRATIONS, VERSION_TABLE } from './schema.js';

/** Type OIDs whose text form pg leaves as strings: bigint (ids, times, counts) and numeric (SUM). */
const INT8 = 20;
const NUMERIC = 1700;

/**
 * 64-bit integers are parsed to numbers: every value the store keeps (ids, millisecond times,
 * seeds < 2^53, counts) is a safe integer, and the records' types say `number`.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

/** Errors after which the same transaction can simply be run again on a fresh connection. */
const RETRYABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '08001',
  '40001',
  '40P01',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
]);
function isRetryable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    (e.code !== undefined && RETRYABLE_CODES.has(e.code)) ||
    /Connection terminated|connection is closed|Client has encountered a connection error/i.test(e.message ?? '')
  );
}

/** The URL with any password replaced, for messages and `store.location`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

/** A connection pool with transaction and retry helpers; every call is independent. */
export class PgDatabase {
  private readonly pool: pg.Pool;
  constructor(
    url: string,
    readonly location: string,
    options: { readonly?: boolean; maxConnections?: number } = {},
  ) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 4,
      types,
      options: options.readonly ? '-c default_transaction_read_only=on' : undefined,
      connectionTimeoutMillis: 30_000,
    });
    // An idle connection the server dropped must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  async rows(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.retrying(async () => (await this.pool.query(sql, params as unknown[])).rows as Row[]);
  }
  async row(sql: string, params: readonly unknown[] = []): Promise<Row | null> {
    return (await this.rows(sql, params))[0] ?? null;
  }
  async changes(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.retrying(async () => (await this.pool.query(sql, params as unknown[])).rowCount ?? 0);
  }

  /**
   * Runs `fn` in one transaction. Every write of the store is idempotent, so a transaction that
   * failed because its connection was lost (server restart, dropped TCP connection) is run again.
   */
  async transaction<T>(fn: (q: (sql: string, params?: readonly unknown[]) => Promise<pg.QueryResult<Row>>) => Promise<T>): Promise<T> {
    return this.retrying(async () => {
      const client = await this.pool.connect();
      let broken = false;
      // A connection the server drops between two statements reports it here; the next
      // statement then fails and the transaction is retried.
      const onError = (): void => void (broken = true);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn((sql, params = []) => client.query<Row>(sql, params as unknown[]));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        broken ||= isRetryable(err);
        if (!broken) await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async retrying<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (attempt >= 8 || !isRetryable(err)) throw err;
        await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** (attempt - 1), 4000)));
      }
    }
  }

  /**
   * Brings the schema to the latest version under an advisory lock (workers opening a fresh
   * database at once migrate it once). A database from a newer rlbound is refused, not altered.
   */
  async migrate(readonly: boolean, mustExist: boolean): Promise<number> {
    const exists = (await this.row(`SELECT to_regclass($1) IS NOT NULL AS present`, [VERSION_TABLE]))!.present === true;
    const current = exists ? Number((await this.row(`SELECT version FROM ${VERSION_TABLE}`))?.version ?? 0) : 0;
    if (current > LATEST_SCHEMA_VERSION)
      throw new RlboundError(
        `${this.location}: study schema version ${current} is newer than this rlbound supports (${LATEST_SCHEMA_VERSION}); upgrade rlbound`,
      );
    if (!exists && mustExist) throw new InputError('no study in this database (it has no rlbound schema)', { file: this.location });
    if (current === LATEST_SCHEMA_VERSION) return current;
    if (readonly)
      throw new RlboundError(`${this.location}: study schema version ${current} needs migrating to ${LATEST_SCHEMA_VERSION}; open it once without --readonly`);
    await this.transaction(async (q) => {
      await q('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await q(`CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (version INTEGER NOT NULL)`);
      const row = (await q(`SELECT version FROM ${VERSION_TABLE}`)).rows[0];
      const now = row === undefined ? 0 : Number(row.version);
      if (row === undefined) await q(`INSERT INTO ${VERSION_TABLE} (version) VALUES (0)`);
      for (const m of PG_MIGRATIONS) {
        if (m.version <= now) continue;
        await q(m.sql);
        await q(`UPDATE ${VERSION_TABLE} SET version = $1`, [m.version]);
      }
    });
    return LATEST_SCHEMA_VERSION;
  }
}
