import type { QueryName } from '../sqlite/queries.js';
import type { SqlEngine, SqlValue, StatementResult } from './sql-engine.js';

/**
 * The engine as seen from inside an open transaction, for both engines: every statement goes
 * straight to the transaction's connection (`exec`), a batch runs inside it, a nested
 * `transaction` joins it, and closing is refused (the owner of the transaction ends it).
 */
export function transactionEngine(
  exec: (query: QueryName, params: readonly SqlValue[]) => StatementResult | Promise<StatementResult>,
  schemaVersion: () => Promise<number>,
): SqlEngine {
  const tx: SqlEngine = {
    row: async (query, params = []) => (await exec(query, params)).rows[0] ?? null,
    rows: async (query, params = []) => (await exec(query, params)).rows,
    changes: async (query, params = []) => (await exec(query, params)).changes,
    batch: async (statements) => {
      const results: StatementResult[] = [];
      for (const [query, params] of statements) results.push(await exec(query, params));
      return results;
    },
    transaction: (fn) => fn(tx),
    schemaVersion,
    close: async () => {
      throw new Error('a study cannot be closed from inside one of its transactions');
    },
  };
  return tx;
}
