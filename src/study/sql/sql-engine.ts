import type { QueryName } from '../sqlite/queries.js';
import type { Row } from './rows.js';

/** A value bound to a `?` placeholder (booleans are stored as 0/1, JSON as canonical text). */
export type SqlValue = string | number | null;

/** One statement of a batch: the name of a query in src/study/sqlite/queries.ts and its positional parameters. */
export type Statement = readonly [query: QueryName, params: readonly SqlValue[]];

/** What one statement of a batch did: rows written (0 for a read) and rows returned (empty for a write). */
export interface StatementResult {
  changes: number;
  rows: Row[];
}

/**
 * The few operations the study store needs from a database. Queries are named, not written
 * out: each engine maps a name to its own form of the statement (a prepared SQLite statement,
 * PostgreSQL text with `$n` placeholders), so `SqlStudyStore` holds every method body once.
 */
export interface SqlEngine {
  /** The first row the query returns, or null. */
  row(query: QueryName, params?: readonly SqlValue[]): Promise<Row | null>;
  rows(query: QueryName, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Runs a write; the number of rows it inserted, updated or deleted. */
  changes(query: QueryName, params?: readonly SqlValue[]): Promise<number>;
  /**
   * Runs the statements in order in one transaction: all of them take effect or none does.
   * Statements are fixed in advance (no callback runs inside the transaction), which keeps
   * SQLite's transaction synchronous: nothing else on the shared connection can slip into it.
   */
  batch(statements: readonly Statement[]): Promise<StatementResult[]>;
  /**
   * Runs `fn` inside one transaction: every statement it runs through `tx` commits together, or —
   * when `fn` throws — none does. Unlike `batch`, `fn` may read and decide as it goes (an import
   * streams a file of any size into one transaction). Nothing else lands inside it: on SQLite
   * other callers of the engine wait until it ends; on PostgreSQL it has a connection of its own. Inside `fn`, `tx.transaction` joins the open one. On
   * PostgreSQL a transaction cut by a lost connection runs `fn` again, so `fn` must start from
   * scratch each time (re-open what it reads).
   */
  transaction<T>(fn: (tx: SqlEngine) => Promise<T>): Promise<T>;
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}
