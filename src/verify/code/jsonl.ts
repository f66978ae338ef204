import type { z } from 'zod';
import { InputError } from '../../errors.js';

/** Validates each non-blank JSONL line with `schema`; errors name file, line and field. */
export function parseJsonlLines<T extends z.ZodType>(text: string, file: string, schema: T): Array<{ value: z.infer<T>; line: string; lineNo: number }> {
  const out: Array<{ value: z.infer<T>; line: string; lineNo: number }> = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (e) {
      throw new InputError(`not valid JSON: ${(e as Error).message}`, { file, line: i + 1 });
    }
    const r = schema.safeParse(parsed);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new InputError(issue.message, { file, line: i + 1, field: issue.path.join('.') || undefined });
    }
    out.push({ value: r.data, line, lineNo: i + 1 });
  });
  return out;
}
