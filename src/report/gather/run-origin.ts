import type { RunRecord, StudyStore } from '../../study/index.js';

/** One import into a run, as the importer records it (format, file, content hash). */
export interface RunImport {
  format: string;
  file: string;
  contentHash: string;
  samples: number;
  countsOnly: boolean;
}

/** The importer's record, as far as the report needs it (the store gains `listImports` with the importer). */
interface ImportRecordLike {
  runId: number;
  format: string;
  file: string;
  contentHash: string;
  samples: number;
  countsOnly: boolean;
}

type StoreWithImports = StudyStore & { listImports?: (runId?: number) => Promise<ImportRecordLike[]> };

/** Where a run's data came from: sampled here, imported (with texts or verdicts only), or counts only. */
export interface RunOrigin {
  origin: 'sampled' | 'imported' | 'counts-only';
  imports: RunImport[];
}

/**
 * Reads a run's origin from the store: its import records when the store keeps them, the run's
 * `countsOnly` flag, and — for stores from before import records — the importer's markers (an
 * "import" prompt-template hash or sampling source).
 */
export async function runOrigin(store: StudyStore, run: RunRecord): Promise<RunOrigin> {
  const withImports = store as StoreWithImports;
  const imports = typeof withImports.listImports === 'function' ? (await withImports.listImports(run.id)).filter((i) => i.runId === run.id) : [];
  const countsOnly = (run as RunRecord & { countsOnly?: boolean }).countsOnly === true || (imports.length > 0 && imports.every((i) => i.countsOnly));
  const marked = run.promptTemplateHash === 'import' || run.sampling['source'] === 'import';
  const list = imports.map((i) => ({ format: i.format, file: i.file, contentHash: i.contentHash, samples: i.samples, countsOnly: i.countsOnly }));
  return { origin: countsOnly ? 'counts-only' : imports.length > 0 || marked ? 'imported' : 'sampled', imports: list };
}
