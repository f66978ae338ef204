import type { z } from 'zod';
import { InputError } from '../../errors.js';

/**
 * Checks one record of an imported file against its zod schema; a failure names the file, the
 * line and the field (the zod path, e.g. "arguments.gen_args_0.arg_0"), with `prefix` put before
 * the path when the record sits inside a larger one.
 */
export function checkRow<S extends z.ZodType>(schema: S, value: unknown, file: string, line: number, prefix = ''): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = [prefix, ...issue.path.map(String)].filter((s) => s !== '').join('.');
  throw new InputError(issue.message, { file, line, ...(field !== '' ? { field } : {}) });
}
