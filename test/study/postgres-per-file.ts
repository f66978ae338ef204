import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

/**
 * One throwaway PostgreSQL cluster for the test file (started before its tests, stopped after),
 * and a function that makes a fresh database in it for each test.
 */
export function postgresPerFile(prefix: string): { freshDatabase: () => Promise<string>; server: () => TestPostgres } {
  let server: TestPostgres | undefined;
  let databases = 0;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return { freshDatabase: () => server!.createDatabase(`${prefix}_${++databases}`), server: () => server! };
}
