import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openStudy, LATEST_SCHEMA_VERSION } from '../../src/study/index.js';
import { perTestStudy, seededStudy, tempDir } from './fixture.js';
import { storeContract } from './store-contract.js';
import { storeTransactions } from './store-transactions.js';

const lifecycle = perTestStudy();

// The backend-independent behaviour (also run on PostgreSQL by postgres-store.test.ts).
storeContract('SQLite', async () => {
  const t = tempDir();
  return { store: await openStudy(path.join(t.dir, 'study.sqlite')), cleanup: t.cleanup };
});

storeTransactions('SQLite', async () => {
  const t = tempDir();
  return { location: path.join(t.dir, 'study.sqlite'), cleanup: t.cleanup };
});

describe('study store (SQLite)', () => {
  it('creates the study file in WAL mode', async () => {
    const t = tempDir();
    const { store } = await seededStudy(path.join(t.dir, 'study.sqlite'));
    lifecycle.track(store, t.cleanup);
    expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    const raw = new Database(path.join(t.dir, 'study.sqlite'), { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('refuses files that are not studies or come from a newer version, naming the file', async () => {
    const t = tempDir();
    lifecycle.track(null, t.cleanup);
    const junk = path.join(t.dir, 'junk.sqlite');
    writeFileSync(junk, 'this is not a database, just text that is long enough to fill a header page');
    await expect(openStudy(junk)).rejects.toThrow(/junk\.sqlite/);
    const newer = path.join(t.dir, 'newer.sqlite');
    const db = new Database(newer);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    await expect(openStudy(newer)).rejects.toThrow(/newer than this rlbound supports/);
    await expect(openStudy(path.join(t.dir, 'absent.sqlite'), { mustExist: true })).rejects.toThrow(/absent\.sqlite/);
  });
});
