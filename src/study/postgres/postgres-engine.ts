import type { QueryName } from '../sqlite/queries.js';
import type { Row } from '../sql/rows.js';
import type { SqlEngine, SqlValue, Statement, StatementResult } from '../sql/sql-engine.js';
import { transactionEngine } from '../sql/transaction-engine.js';
import type { PgDatabase } from './connection.js';
import { PG_SQL } from './queries.js';
import { VERSION_TABLE } from './schema.js';

/**
 * The PostgreSQL side of the study store: named queries become the `$n` text of PG_SQL, single
 * statements go to the pool, a batch or a transaction runs on one connection between BEGIN and
 * COMMIT (and is run again whole if the connection is lost, which the store's idempotent writes allow).
 */
export class PostgresEngine implements SqlEngine {
  constructor(private readonly db: PgDatabase) {}

  row(query: QueryName, params: readonly SqlValue[] = []): Promise<Row | null> {
    return this.db.row(PG_SQL[query], params);
  }
  rows(query: QueryName, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.db.rows(PG_SQL[query], params);
  }
  changes(query: QueryName, params: readonly SqlValue[] = []): Promise<number> {
    return this.db.changes(PG_SQL[query], params);
  }
  batch(statements: readonly Statement[]): Promise<StatementResult[]> {
    return this.transaction((tx) => tx.batch(statements));
  }
  transaction<T>(fn: (tx: SqlEngine) => Promise<T>): Promise<T> {
    return this.db.transaction(async (run) => {
      const exec = async (query: QueryName, params: readonly SqlValue[] = []): Promise<StatementResult> => {
        const r = await run(PG_SQL[query], params);
        return { changes: r.command === 'SELECT' ? 0 : (r.rowCount ?? 0), rows: r.rows };
      };
      return fn(transactionEngine(exec, () => this.schemaVersion()));
    });
  }
  async schemaVersion(): Promise<number> {
    return Number((await this.db.row(`SELECT version FROM ${VERSION_TABLE}`))!.version);
  }
  close(): Promise<void> {
    return this.db.close();
  }
}
