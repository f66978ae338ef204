import { open } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { loadStudyFile } from '../pipeline/study-file.js';
import { isPostgresLocation, openStore, type StudyStore } from '../study/index.js';
import type { GatherOptions } from './gather/gather-report-data.js';

/** An open study plus what its study file (if one was given) says about reporting it. */
export interface OpenedStudy {
  store: StudyStore;
  /** The SQLite file, or the PostgreSQL URL. */
  storeFile: string;
  /** Comparisons and ΔSE k from the study file's `analyses`. */
  gather: Pick<GatherOptions, 'compare' | 'deltaSEK'>;
  /** The study file's `report.out`, resolved. */
  reportOut?: string;
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';

async function isSqlite(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw new InputError(`cannot read study (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { file });
  }
  try {
    const buf = Buffer.alloc(16);
    const { bytesRead } = await handle.read(buf, 0, 16, 0);
    return bytesRead === 16 && buf.toString('latin1') === SQLITE_MAGIC;
  } finally {
    await handle.close();
  }
}

/**
 * Opens a study for reading, given either its SQLite store or its YAML study file (whose `store`
 * is then opened, and whose `analyses` choose the comparisons). Never creates or migrates a file.
 */
export async function openStudyForReading(file: string): Promise<OpenedStudy> {
  if (isPostgresLocation(file) || (await isSqlite(file))) return { store: await openStore(file, { readonly: true, mustExist: true }), storeFile: file, gather: {} };
  const { study, baseDir } = await loadStudyFile(file);
  const storeFile = isPostgresLocation(study.store) ? study.store : path.resolve(baseDir, study.store);
  const store = await openStore(storeFile, { readonly: true, mustExist: true });
  return {
    store,
    storeFile,
    gather: { compare: study.analyses.compare, deltaSEK: study.analyses.delta_se_k },
    ...(study.report.out !== undefined ? { reportOut: path.resolve(baseDir, study.report.out) } : {}),
  };
}
