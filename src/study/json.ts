import { createHash } from 'node:crypto';

/** A JSON value as stored in the study's JSON columns. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * JSON with object keys sorted at every level, so equal settings always serialize identically —
 * runs are looked up by their sampling parameters, and {"a":1,"b":2} must match {"b":2,"a":1}.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** Hex SHA-256 of a string (content hashes of benchmarks and prompt templates). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
