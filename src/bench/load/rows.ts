import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { InputError } from '../../errors.js';

/** One record of a data file with where it came from, so errors can name the line. */
export interface SourceRow {
  row: Record<string, unknown>;
  /** 1-based line for JSONL, 1-based element index for JSON arrays, 1-based row for Parquet. */
  line: number;
}

export type DataFormat = 'jsonl' | 'json' | 'parquet';

/** Decides the format from the file name; `.gz` is looked through (and also detected by magic bytes). */
export function formatOf(file: string): DataFormat {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.parquet')) return 'parquet';
  throw new InputError(`unknown data format (expected .jsonl, .json, .parquet, optionally .gz)`, { file });
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function asRecord(value: unknown, file: string, line: number): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError('expected a JSON object', { file, line });
  }
  return value as Record<string, unknown>;
}

export function parseJsonl(text: string, file: string): SourceRow[] {
  const rows: SourceRow[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new InputError(`invalid JSON (${(err as Error).message})`, { file, line: i + 1 });
    }
    rows.push({ row: asRecord(value, file, i + 1), line: i + 1 });
  }
  return rows;
}

export function parseJsonArray(text: string, file: string): SourceRow[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(`invalid JSON (${(err as Error).message})`, { file });
  }
  // Accept a bare array or the common {"data": [...]} / {"rows": [...]} wrappers.
  const list = Array.isArray(value)
    ? value
    : value !== null && typeof value === 'object' && Array.isArray((value as { data?: unknown }).data)
      ? (value as { data: unknown[] }).data
      : value !== null && typeof value === 'object' && Array.isArray((value as { rows?: unknown }).rows)
        ? (value as { rows: unknown[] }).rows
        : undefined;
  if (list === undefined) throw new InputError('expected a JSON array of objects (or {"data": [...]})', { file });
  return list.map((v, i) => ({ row: asRecord(v, file, i + 1), line: i + 1 }));
}

export async function parseParquet(bytes: Uint8Array, file: string): Promise<SourceRow[]> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let objects: Record<string, unknown>[];
  try {
    objects = (await parquetReadObjects({ file: buffer })) as Record<string, unknown>[];
  } catch (err) {
    throw new InputError(`cannot read Parquet (${(err as Error).message})`, { file });
  }
  return objects.map((row, i) => ({ row: normalizeParquetValue(row) as Record<string, unknown>, line: i + 1 }));
}

/** Parquet readers return BigInt for int64 columns; benchmark ids and answers fit in doubles. */
function normalizeParquetValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (Array.isArray(value)) return value.map(normalizeParquetValue);
  if (value instanceof Uint8Array) return value;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalizeParquetValue(v);
    return out;
  }
  return value;
}

/** Parses bytes of a data file in the given format (gzip is detected by its magic bytes). */
export async function parseRows(bytes: Uint8Array, file: string, format: DataFormat = formatOf(file)): Promise<SourceRow[]> {
  let data = bytes;
  if (isGzip(data)) {
    try {
      data = gunzipSync(data);
    } catch (err) {
      throw new InputError(`corrupt gzip data (${(err as Error).message})`, { file });
    }
  }
  if (format === 'parquet') return parseParquet(data, file);
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  return format === 'jsonl' ? parseJsonl(text, file) : parseJsonArray(text, file);
}

/** Reads every record of a .jsonl/.json/.parquet file (optionally gzipped). */
export async function readRows(file: string, format: DataFormat = formatOf(file)): Promise<SourceRow[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new InputError(`cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { file: path.resolve(file) });
  }
  return parseRows(bytes, file, format);
}
