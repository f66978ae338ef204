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

export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [snakeCaseKey(k), snakeCaseKeys(v)]));
  return value;
}
