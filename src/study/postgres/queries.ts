import { SQL } from '../sqlite/queries.js';
import { toNumberedPlaceholders } from './dialect.js';

/**
 * Statements that differ between the engines beyond placeholders: PostgreSQL returns `IS NOT
 * NULL` as a boolean (SQLite: 0/1), and has no named parameters.
 */
const OVERRIDES: Partial<Record<keyof typeof SQL, string>> = {
  slotIndicesOfRun: `SELECT problem_id, sample_index, (text IS NOT NULL)::int AS ok FROM samples WHERE run_id = ? AND sample_index < ?`,
  slotIndicesOfProblem: `SELECT sample_index, (text IS NOT NULL)::int AS ok FROM samples WHERE run_id = ? AND problem_id = ?`,
  sampleTablePage: SQL.sampleTablePage
    .replace('@verifier', '$1::text')
    .replace('@policy', '$2::text')
    .replace('@version', '$3::text')
    .replace('@after', '$4')
    .replace('@run IS NULL OR s.run_id = @run', '$5::bigint IS NULL OR s.run_id = $5')
    .replace('@limit', '$6'),
};

export type QueryName = keyof typeof SQL;

/** Every statement of the PostgreSQL store, derived from the SQLite ones (see ./dialect.ts). */
export const PG_SQL: { readonly [K in QueryName]: string } = Object.fromEntries(
  (Object.keys(SQL) as QueryName[]).map((name) => [name, toNumberedPlaceholders(OVERRIDES[name] ?? SQL[name])]),
) as { readonly [K in QueryName]: string };
