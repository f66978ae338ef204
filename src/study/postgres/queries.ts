import { SQL, type QueryName } from '../sqlite/queries.js';
import { toNumberedPlaceholders } from './dialect.js';

/**
 * Statements that must differ between the engines beyond placeholders, by query name. None do
 * today: the shared statements avoid SQLite-only syntax (see src/study/sqlite/queries.ts).
 */
const OVERRIDES: Partial<Record<QueryName, string>> = {};

/** Every statement of the PostgreSQL store, derived from the shared ones (see ./dialect.ts). */
export const PG_SQL: { readonly [K in QueryName]: string } = Object.fromEntries(
  (Object.keys(SQL) as QueryName[]).map((name) => [name, toNumberedPlaceholders(OVERRIDES[name] ?? SQL[name])]),
) as { readonly [K in QueryName]: string };
