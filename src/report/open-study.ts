import { open } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { loadStudyFile } from '../pipeline/study-file.js';
import { isPostgresLocation, openStore, type StudyStore } from '../study/index.js';
import { effectiveSampling } from '../pipeline/presets.js';
import type { StudyFile } from '../pipeline/study-file.js';
import type { GatherOptions } from './gather/gather-report-data.js';
import type { StudyFileCell } from './gather/study-runs.js';

/** An open study plus what its study file (if one was given) says about reporting it. */
export interface OpenedStudy {
  store: StudyStore;
  /** The SQLite file, or the PostgreSQL URL. */
  storeFile: string;
  /** Comparisons and ΔSE k from the study file's `analyses`. */
  gather: Pick<GatherOptions, 'compare' | 'deltaSEK' | 'selection'>;
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
 * The (model, benchmark) cells of a study file with the sampling settings `rlbound run` gives
 * their main runs (the same defaults: T 0.6, top-p 0.95, 1,024 max tokens; the seed only when the
 * file sets one), so the report reads those runs and not a temperature sweep's or a guessability run's.
 */
export function studyFileCells(study: StudyFile): StudyFileCell[] {
  return study.benchmarks.flatMap((b) => {
    const name = typeof b === 'string' ? b : b.name;
    const n = typeof b === 'string' ? undefined : b.n;
    return study.models.map((m) => {
      const s = effectiveSampling(study.preset, name, study.sampling, m.sampling, n);
      return {
        model: m.name,
        benchmark: name,
        temperature: s.temperature ?? 0.6,
        top_p: s.top_p ?? 0.95,
        max_tokens: s.max_tokens ?? 1024,
        seed: s.seed ?? null,
      };
    });
  });
}

/**
 * Opens a study for reading, given either its SQLite store or its YAML study file (whose `store`
 * is then opened, whose runs are the ones reported, and whose `analyses` choose the comparisons).
 * `studyFile` names the YAML file separately when `file` is the store itself. Never creates or
 * migrates a file.
 */
export async function openStudyForReading(file: string, studyFile?: string): Promise<OpenedStudy> {
  if (isPostgresLocation(file) || (await isSqlite(file))) {
    if (studyFile === undefined) return { store: await openStore(file, { readonly: true, mustExist: true }), storeFile: file, gather: {} };
    const { study, baseDir } = await loadStudyFile(studyFile);
    const store = await openStore(file, { readonly: true, mustExist: true });
    return { store, storeFile: file, ...fromStudyFile(study, baseDir, studyFile) };
  }
  const { study, baseDir } = await loadStudyFile(file);
  const storeFile = isPostgresLocation(study.store) ? study.store : path.resolve(baseDir, study.store);
  const store = await openStore(storeFile, { readonly: true, mustExist: true });
  return { store, storeFile, ...fromStudyFile(study, baseDir, file) };
}

function fromStudyFile(study: StudyFile, baseDir: string, file: string): Pick<OpenedStudy, 'gather' | 'reportOut'> {
  return {
    gather: { compare: study.analyses.compare, deltaSEK: study.analyses.delta_se_k, selection: { studyFile: { file, cells: studyFileCells(study) } } },
    ...(study.report.out !== undefined ? { reportOut: path.resolve(baseDir, study.report.out) } : {}),
  };
}
