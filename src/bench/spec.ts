import type { HubDatasetRef } from './hub/dataset.js';
import type { Problem, ProblemKind } from './problem.js';
import { InputError, type InputLocation } from '../errors.js';

/**
 * A benchmark: where its data comes from, how a row becomes a Problem, which prompt template and
 * which verifier it uses. Built-in specs live in `specs/`; users add theirs as YAML (user-spec.ts).
 */
export interface BenchmarkSpec {
  name: string;
  description: string;
  kind: ProblemKind;
  verifier: 'math' | 'code' | 'lab';
  defaultTemplate: string;
  /** A file name under the local data directory (RLBOUND_DATA_DIR), e.g. "math500/test.jsonl". */
  localFile?: string;
  /** Where to download it from when no local file is given. */
  hub?: HubDatasetRef;
  /** Generated benchmarks (lab tasks) make their rows instead of reading a file. */
  generate?(): Record<string, unknown>[];
  /** Turns one source row into a problem; throws InputError naming the field when it cannot. */
  toProblem(row: Record<string, unknown>, index: number, where: InputLocation): Problem;
  /** Drops rows the protocol excludes (e.g. multiple-choice items of visual benchmarks). */
  keep?(problem: Problem): boolean;
}

/** The first of `keys` present in the row as a non-empty string (numbers are stringified). */
export function firstText(row: Record<string, unknown>, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = row[k];
    if (typeof v === 'string' && v.trim() !== '') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return undefined;
}

/** Like firstText but required: a missing field is an InputError that names the candidates. */
export function requireText(row: Record<string, unknown>, keys: string[], where: InputLocation): string {
  const v = firstText(row, keys);
  if (v === undefined) throw new InputError(`missing text field (looked for ${keys.map((k) => `"${k}"`).join(', ')})`, { ...where, field: keys[0] });
  return v;
}

/** Row id: the dataset's own id field when present, otherwise the 0-based row index. */
export function rowId(row: Record<string, unknown>, keys: string[], index: number): string {
  return firstText(row, keys) ?? String(index);
}

/** Everything in the row except the named (large or already-used) fields, for reports. */
export function metaOf(row: Record<string, unknown>, drop: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!drop.includes(k)) out[k] = v;
  return out;
}
