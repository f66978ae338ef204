import type { z } from 'zod';
import { InputError } from '../errors.js';

/** camelCase option key → the --kebab-case flag the user typed. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Validates commander's parsed options with a zod schema; the first problem names its flag. */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new InputError(issue.message, { field: flagName(String(issue.path[0] ?? '')) });
}
