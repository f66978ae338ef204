// The study store: one SQLite file per study behind the `StudyStore` interface, the sample-seed
// function, and per-sample export (JSONL, Parquet) / import (JSONL).
export type { StudyStore, PageOptions } from './store.js';
export { openStudy, type OpenStudyOptions } from './sqlite/sqlite-store.js';
export { LATEST_SCHEMA_VERSION } from './sqlite/schema.js';
export { openStore, isPostgresLocation, type OpenStoreOptions } from './open-store.js';
export { openPostgresStudy, redactUrl, type OpenPostgresOptions } from './postgres/index.js';
export { sampleSeed, MAX_PROBLEM_INDEX, MAX_SAMPLE_INDEX } from './seed.js';
export { canonicalJson, sha256Hex, type JsonValue, type JsonObject } from './json.js';
export type * from './types.js';
export { MODEL_ROLES } from './types.js';
export { VerdictConflictError } from './verdict-conflict.js';
export { exportSamplesJsonl, exportSamplesParquet, type ExportOptions, type ExportResult } from './export.js';
export { importResultsJsonl, IMPORTED_VERIFIER, type ImportOptions, type ImportResult } from './import.js';
export { parseResultsJsonl, toOutcomes, readOutcomesFile, readResultsFile, type ParsedProblem } from './results-jsonl.js';
export { chooseVerifier, formatVerifierKey, verifierKeyFlag } from './verifier-choice.js';
