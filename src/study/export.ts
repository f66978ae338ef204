import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { ParquetWriter, fileWriter, schemaFromColumnData, type ColumnSource } from 'hyparquet-writer';
import type { StudyStore } from './store.js';
import type { SampleTableRow, VerifierKey } from './types.js';
import { chooseVerifier, formatVerifierKey } from './verifier-choice.js';

/** What to export: all runs or one, graded by one verifier (chosen automatically when unambiguous). */
export interface ExportOptions {
  runId?: number;
  verifier?: VerifierKey;
}

export interface ExportResult {
  rows: number;
  verifier: VerifierKey | null;
}

type Column = { name: string; type: 'INT32' | 'INT64' | 'DOUBLE' | 'STRING' | 'BOOLEAN'; get: (r: SampleTableRow) => unknown };

/**
 * The exported columns, in order, with their Parquet types. `verifier` names the key the
 * verdict columns come from (VERIFIER/POLICY@VERSION, null without one), so that importing the
 * export back stores the verdicts under the same key (a study round-trips).
 */
const columnsFor = (verifier: VerifierKey | undefined): Column[] => [
  ...COLUMNS.slice(0, 8),
  { name: 'verifier', type: 'STRING', get: (r) => (verifier === undefined || r.correct === null ? null : formatVerifierKey(verifier)) },
  ...COLUMNS.slice(8),
];
const COLUMNS: Column[] = [
  { name: 'sample_id', type: 'INT64', get: (r) => BigInt(r.sampleId) },
  { name: 'run_id', type: 'INT32', get: (r) => r.runId },
  { name: 'model', type: 'STRING', get: (r) => r.model },
  { name: 'benchmark', type: 'STRING', get: (r) => r.benchmark },
  { name: 'problem', type: 'STRING', get: (r) => r.problem },
  { name: 'problem_index', type: 'INT32', get: (r) => r.problemIndex },
  { name: 'sample_index', type: 'INT32', get: (r) => r.sampleIndex },
  { name: 'seed', type: 'INT64', get: (r) => BigInt(r.seed) },
  { name: 'correct', type: 'BOOLEAN', get: (r) => r.correct },
  { name: 'extracted', type: 'STRING', get: (r) => r.extracted },
  { name: 'reason', type: 'STRING', get: (r) => r.reason },
  { name: 'finish_reason', type: 'STRING', get: (r) => r.finishReason },
  { name: 'prompt_tokens', type: 'INT32', get: (r) => r.promptTokens },
  { name: 'completion_tokens', type: 'INT32', get: (r) => r.completionTokens },
  { name: 'latency_ms', type: 'DOUBLE', get: (r) => r.latencyMs },
  { name: 'error', type: 'STRING', get: (r) => r.error },
  { name: 'text', type: 'STRING', get: (r) => r.text },
];

/** The per-sample table as JSONL (snake_case keys, one sample per line), streamed to `file`. */
export async function exportSamplesJsonl(store: StudyStore, file: string, options: ExportOptions = {}): Promise<ExportResult> {
  const verifier = await chooseVerifier(store, options.runId, options.verifier);
  const out = createWriteStream(file, { encoding: 'utf8' });
  const columns = columnsFor(verifier);
  let rows = 0;
  try {
    for await (const r of store.iterateSampleTable({ runId: options.runId, verifier })) {
      const obj: Record<string, unknown> = {};
      for (const c of columns) {
        const v = c.get(r);
        obj[c.name] = typeof v === 'bigint' ? Number(v) : v;
      }
      if (!out.write(JSON.stringify(obj) + '\n')) await once(out, 'drain');
      rows++;
    }
  } finally {
    out.end();
    await once(out, 'finish');
  }
  return { rows, verifier: verifier ?? null };
}

/**
 * The per-sample table as Parquet (one row group per `rowGroupSize` samples, written as they are
 * read so memory stays bounded). Nullable columns are OPTIONAL; readers such as pyarrow, pandas,
 * DuckDB and hyparquet read it.
 */
export async function exportSamplesParquet(store: StudyStore, file: string, options: ExportOptions & { rowGroupSize?: number } = {}): Promise<ExportResult> {
  const verifier = await chooseVerifier(store, options.runId, options.verifier);
  const groupSize = options.rowGroupSize ?? 10_000;
  const columns = (rows: SampleTableRow[]): ColumnSource[] =>
    columnsFor(verifier).map((c) => ({ name: c.name, type: c.type, nullable: true, data: rows.map(c.get) as ColumnSource['data'] }));
  const writer = new ParquetWriter({ writer: fileWriter(file), schema: schemaFromColumnData({ columnData: columns([]) }), createdBy: 'rlbound' });
  let pending: SampleTableRow[] = [];
  let rows = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    await writer.write({ columnData: columns(pending), rowGroupSize: groupSize });
    pending = [];
  };
  for await (const r of store.iterateSampleTable({ runId: options.runId, verifier })) {
    pending.push(r);
    rows++;
    if (pending.length >= groupSize) await flush();
  }
  await flush();
  await writer.finish();
  return { rows, verifier: verifier ?? null };
}
