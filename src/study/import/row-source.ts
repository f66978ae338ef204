import { open } from 'node:fs/promises';
import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer } from 'hyparquet';
import { InputError } from '../../errors.js';
import { jsonlRecords, type JsonlRecord } from './jsonl-lines.js';

/** Rows read per step from a Parquet file: bounded memory however many rows it has. */
const PARQUET_STEP = 2000;

/**
 * The records of a JSONL or Parquet file, streamed, each with its 1-based line (row for
 * Parquet). Several harnesses write the same rows in either form (lighteval details, rlbound's
 * own export), so their readers take both through this one function.
 */
export async function* tableRows(file: string): AsyncIterable<JsonlRecord> {
  if (!/\.parquet$/i.test(file)) {
    yield* jsonlRecords(file);
    return;
  }
  const handle = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read file (${err.code ?? err.message})`, { file }, { cause: err });
  });
  try {
    const size = (await handle.stat()).size;
    const buffer: AsyncBuffer = {
      byteLength: size,
      slice: async (start: number, end?: number) => {
        const length = (end ?? size) - start;
        const bytes = Buffer.alloc(length);
        await handle.read(bytes, 0, length, start);
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + length);
      },
    };
    let metadata;
    try {
      metadata = await parquetMetadataAsync(buffer);
    } catch (err) {
      throw new InputError(`not a readable Parquet file (${(err as Error).message})`, { file }, { cause: err });
    }
    const rows = Number(metadata.num_rows);
    for (let start = 0; start < rows; start += PARQUET_STEP) {
      const objects = (await parquetReadObjects({ file: buffer, metadata, rowStart: start, rowEnd: Math.min(rows, start + PARQUET_STEP) })) as Record<
        string,
        unknown
      >[];
      for (const [i, value] of objects.entries()) yield { value: toPlain(value) as Record<string, unknown>, line: start + i + 1 };
    }
  } finally {
    await handle.close();
  }
}

/** Parquet INT64 values come back as bigint; the importer's schemas want JSON-like numbers. */
function toPlain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toPlain);
  if (v !== null && typeof v === 'object' && !(v instanceof Date) && !(v instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toPlain(x)]));
  }
  return v;
}
