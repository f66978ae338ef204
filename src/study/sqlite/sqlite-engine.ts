import type Database from 'better-sqlite3';
import type { Row } from '../sql/rows.js';
import type { SqlEngine, SqlValue, Statement, StatementResult } from '../sql/sql-engine.js';
import { transactionEngine } from '../sql/transaction-engine.js';
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
  /** Settles when the open `transaction` ends; null when none is open. Other callers wait on it. */
  private open: Promise<void> | null = null;

  constructor(private readonly db: Database.Database) {
    this.q = prepareQueries(db);
    this.inTransaction = db.transaction((statements: readonly Statement[]) => statements.map(([query, params]) => this.execute(query, params)));
  }

  async row(query: QueryName, params: readonly SqlValue[] = []): Promise<Row | null> {
    await this.idle();
    return (this.q[query].get(...params) as Row | undefined) ?? null;
  }
  async rows(query: QueryName, params: readonly SqlValue[] = []): Promise<Row[]> {
    await this.idle();
    return this.q[query].all(...params) as Row[];
  }
  async changes(query: QueryName, params: readonly SqlValue[] = []): Promise<number> {
    await this.idle();
    return this.q[query].run(...params).changes;
  }
  async batch(statements: readonly Statement[]): Promise<StatementResult[]> {
    await this.idle();
    return this.inTransaction(statements);
  }
  async transaction<T>(fn: (tx: SqlEngine) => Promise<T>): Promise<T> {
    await this.idle();
    let end!: () => void;
    this.open = new Promise<void>((resolve) => (end = resolve));
    // IMMEDIATE takes the write lock now: another process writing the same file waits (busy
    // timeout) instead of failing half-way through this transaction.
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await fn(
        transactionEngine(
          (query, params) => this.execute(query, params),
          () => this.schemaVersion(),
        ),
      );
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    } finally {
      this.open = null;
      end();
    }
  }
  async schemaVersion(): Promise<number> {
    return this.db.pragma('user_version', { simple: true }) as number;
  }
  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Resolves once no transaction of another caller is open. */
  private async idle(): Promise<void> {
    while (this.open) await this.open;
  }

  private execute(query: QueryName, params: readonly SqlValue[]): StatementResult {
    const statement = this.q[query];
    if (statement.reader) return { changes: 0, rows: statement.all(...params) as Row[] };
    return { changes: statement.run(...params).changes, rows: NO_ROWS };
  }
}
