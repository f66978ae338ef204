import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { openStore, LATEST_SCHEMA_VERSION } from '../../src/study/index.js';
import { postgresPerFile } from './postgres-per-file.js';
import { storeContract } from './store-contract.js';
import { storeTransactions } from './store-transactions.js';
import { seedStore, slots } from './fixture.js';

// One throwaway cluster for the file, one fresh database per test.
const cluster = postgresPerFile('study');
const freshDatabase = cluster.freshDatabase;

storeContract('PostgreSQL', async () => ({ store: await openStore(await freshDatabase()), cleanup: () => undefined }));
storeTransactions('PostgreSQL', async () => ({ location: await freshDatabase(), cleanup: () => undefined }));

describe('study store (PostgreSQL)', () => {
  it('is selected by a postgres:// location and hides the password in its location', async () => {
    const url = await freshDatabase();
    const store = await openStore(url.replace('postgres@', 'postgres:secret@'));
    expect(store.location).toMatch(/^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/study_\d+$/);
    expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    await store.close();
  });

  it('migrates once when several processes open a fresh database at once, and refuses newer schemas', async () => {
    const url = await freshDatabase();
    const stores = await Promise.all([1, 2, 3, 4].map(() => openStore(url)));
    for (const s of stores) expect(await s.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    await Promise.all(stores.map((s) => s.close()));
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    await raw.query('UPDATE rlbound_schema SET version = version + 1');
    await raw.end();
    await expect(openStore(url)).rejects.toThrow(/newer than this rlbound supports/);
    await expect(openStore(await freshDatabase(), { mustExist: true })).rejects.toThrow(/no study in this database/);
    await expect(openStore(`postgres://postgres@127.0.0.1:${cluster.server().port}/absent_db`)).rejects.toThrow(/absent_db/);
  });

  it('keeps concurrent writers of the same slots to one sample each, and survives dropped connections', async () => {
    const url = await freshDatabase();
    const writers = await Promise.all([1, 2, 3].map(() => openStore(url)));
    const { runId, problemIds, baseSeed } = await seedStore(writers[0], 4, 20);
    const pairs: [number, number][] = [];
    for (let p = 0; p < 4; p++) for (let s = 0; s < 20; s++) pairs.push([p, s]);
    // Every writer writes every slot, in chunks, at the same time.
    const chunks = (w: number) =>
      Array.from({ length: 8 }, (_, i) => slots(runId, problemIds, baseSeed, pairs.slice(i * 10, i * 10 + 10), (p, s) => `w${w} ${p}.${s}`));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const results = await Promise.all(
      writers.map(async (store, w) => {
        let written = 0;
        for (const [i, chunk] of chunks(w).entries()) {
          // Halfway, the server drops every other connection to this database.
          if (w === 0 && i === 4)
            await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
          written += (await store.insertSamples(chunk)).written;
        }
        return written;
      }),
    );
    await admin.end();
    expect(results.reduce((a, b) => a + b, 0)).toBe(80);
    const progress = await writers[1].runProgress(runId);
    expect(progress.samples).toBe(80);
    expect((await writers[2].missingSampleIndices(runId)).size).toBe(0);
    await Promise.all(writers.map((s) => s.close()));
  });
});
