import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { InputError } from './errors.js';

/**
 * Reads a JSON file and validates it; every failure is an InputError naming the file (and, for a
 * schema violation, the field). `missing` is the message for a file that does not exist, so the
 * caller can say what the file should have been.
 */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S, messages: { missing: string; invalid?: string }): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? messages.missing : err instanceof SyntaxError ? `not JSON: ${err.message}` : `unreadable: ${err.message}`;
    throw new InputError(why, { file }, { cause: e });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = issue?.message ?? 'invalid';
    throw new InputError(messages.invalid === undefined ? message : `${messages.invalid}: ${message}`, { file, field: issue?.path.join('.') });
  }
  return parsed.data;
}
