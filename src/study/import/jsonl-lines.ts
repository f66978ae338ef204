import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { InputError } from '../../errors.js';

/** One parsed JSON object of a JSONL file and its 1-based line. */
export interface JsonlRecord {
  value: Record<string, unknown>;
  line: number;
}

/**
 * Streams the objects of a JSONL file one line at a time (memory stays flat however large the
 * file). Blank lines are skipped; anything else that is not a JSON object names the file and line.
 */
export async function* jsonlRecords(file: string): AsyncIterable<JsonlRecord> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) =>
    stream.once('error', (err: NodeJS.ErrnoException) => reject(new InputError(`cannot read file (${err.code ?? err.message})`, { file }, { cause: err }))),
  );
  failed.catch(() => undefined);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    const it = lines[Symbol.asyncIterator]();
    for (;;) {
      const next = await Promise.race([it.next(), failed]);
      if (next.done) return;
      line++;
      const raw = next.value.trim();
      if (raw === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (err) {
        throw new InputError(`invalid JSON (${(err as Error).message})`, { file, line });
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InputError('expected a JSON object', { file, line });
      yield { value: value as Record<string, unknown>, line };
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
