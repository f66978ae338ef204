/**
 * The machine-output form of an analysis result: every object key camelCase → snake_case
 * (`passKBeyond` → `pass_k_beyond`, `nMin` → `n_min`), values untouched. Scripts read the CLI's
 * JSON with the project's snake_case convention; report-data.json keeps the camelCase names.
 */
export function snakeCaseKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

const NONE: ReadonlySet<string> = new Set();

export function snakeCaseKeys(value: unknown, keyedByData: ReadonlySet<string> = NONE): unknown {
  if (Array.isArray(value)) return value.map((v) => snakeCaseKeys(v, keyedByData));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        snakeCaseKey(k),
        // A map keyed by data (model names, say) keeps its keys: only the names of fields change.
        keyedByData.has(k) && v !== null && typeof v === 'object' && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v).map(([dk, dv]) => [dk, snakeCaseKeys(dv, keyedByData)]))
          : snakeCaseKeys(v, keyedByData),
      ]),
    );
  }
  return value;
}
