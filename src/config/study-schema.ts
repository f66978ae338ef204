import { z } from 'zod';
import { studyFileSchema } from './study-file.js';

/**
 * The JSON Schema of study files, generated from the zod schema that validates them (so it cannot
 * drift): editors that read JSON Schema (YAML language servers) complete and check keys with it.
 * It describes the file as written (`io: input`: keys with defaults are optional). Checks across
 * keys — unique model names, references to models — are beyond JSON Schema and left to `rlbound run`.
 */
export function studyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(studyFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'rlbound study file', description: 'A study for `rlbound run` (docs/study-file.md).' };
}
