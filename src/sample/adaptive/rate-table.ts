import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../../errors.js';

/** One model's per-problem success rates, as `rlbound simulate --rates` reads them. */
export interface RateTable {
  model: string;
  file: string;
  rows: Array<{ problem: string; rate: number }>;
}

const rateRow = z.object({ problem: z.union([z.string().min(1), z.number().int().transform(String)]), rate: z.number().min(0).max(1) }).strict();

/** Reads JSONL rows {"problem", "rate"}; the model is named after the file (without .jsonl). */
export async function readRateTable(file: string): Promise<RateTable> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new InputError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such rates file' : `unreadable: ${(e as Error).message}`, { file }, { cause: e });
  }
  const rows: RateTable['rows'] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      throw new InputError(`not JSON: ${(e as Error).message}`, { file, line: i + 1 });
    }
    const r = rateRow.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new InputError(issue.message, { file, line: i + 1, field: issue.path.join('.') || 'row' });
    }
    if (seen.has(r.data.problem)) throw new InputError(`duplicate problem ${JSON.stringify(r.data.problem)}`, { file, line: i + 1, field: 'problem' });
    seen.add(r.data.problem);
    rows.push(r.data);
  });
  if (rows.length === 0) throw new InputError('no rows', { file });
  return { model: path.basename(file).replace(/\.jsonl$/i, ''), file, rows };
}

/** Checks that every table has the same problems (in the first table's order) and returns the rates aligned. */
export function alignRateTables(tables: readonly RateTable[]): { problems: string[]; rates: number[][] } {
  const problems = tables[0]!.rows.map((r) => r.problem);
  const rates = tables.map((t) => {
    const byId = new Map(t.rows.map((r) => [r.problem, r.rate] as const));
    const missing = problems.filter((p) => !byId.has(p));
    if (missing.length > 0 || byId.size !== problems.length)
      throw new InputError(
        `the rate tables must list the same problems; ${missing.length > 0 ? `missing here: ${missing.slice(0, 5).join(', ')}` : 'extra problems here'}`,
        { file: t.file },
      );
    return problems.map((p) => byId.get(p)!);
  });
  return { problems, rates };
}
