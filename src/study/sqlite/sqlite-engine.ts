import type Database from 'better-sqlite3';
import type { Row } from '../sql/rows.js';
import type { SqlEngine, SqlValue, Statement, StatementResult } from '../sql/sql-engine.js';
import { prepareQueries, type QueryName, type Queries } from './queries.js';

const NO_ROWS: Row[] = [];

/**
 * The SQLite side of the study store: every named query prepared once per connection, run
 * synchronously. A batch is one better-sqlite3 transaction function, so it runs start to finish
 * without yielding and no other caller's statement can land inside it.
 */
export class SqliteEngine implements SqlEngine {
  private readonly q: Queries;
  private readonly inTransaction: (statements: readonly Statement[]) => StatementResult[];

  constructor(private readonly db: Database.Database) {
    this.q = prepareQueries(db);
    this.inTransaction = db.transaction((statements: readonly Statement[]) => statements.map(([query, params]) => this.execute(query, params)));
  }

  async row(query: QueryName, params: readonly SqlValue[] = []): Promise<Row | null> {
    return (this.q[query].get(...params) as Row | undefined) ?? null;
  }
  async rows(query: QueryName, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.q[query].all(...params) as Row[];
  }
  async changes(query: QueryName, params: readonly SqlValue[] = []): Promise<number> {
    return this.q[query].run(...params).changes;
  }
  async batch(statements: readonly Statement[]): Promise<StatementResult[]> {
    return this.inTransaction(statements);
  }
  async schemaVersion(): Promise<number> {
    return this.db.pragma('user_version', { simple: true }) as number;
  }
  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private execute(query: QueryName, params: readonly SqlValue[]): StatementResult {
    const statement = this.q[query];
    if (statement.reader) return { changes: 0, rows: statement.all(...params) as Row[] };
    return { changes: statement.run(...params).changes, rows: NO_ROWS };
  }
}
