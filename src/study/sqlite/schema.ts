/**
 * Schema migrations of the SQLite study file. `PRAGMA user_version` holds the version; each
 * migration moves it up by one inside a transaction. Add a migration, never edit a released one.
 * All SQL of the SQLite store lives in this folder (schema here, statements in queries.ts), so a
 * second backend has one place to translate.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'models, benchmarks, problems, runs, samples, verdicts, scores, lab checkpoints, reviews',
    sql: `
CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  provider TEXT NOT NULL,
  endpoint TEXT,
  info TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
);
CREATE TABLE benchmarks (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  source TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (name, content_hash)
);
CREATE TABLE problems (
  id INTEGER PRIMARY KEY,
  benchmark_id INTEGER NOT NULL REFERENCES benchmarks(id),
  idx INTEGER NOT NULL CHECK (idx >= 0),
  key TEXT NOT NULL,
  prompt TEXT NOT NULL,
  gold TEXT NOT NULL DEFAULT 'null',
  metadata TEXT NOT NULL DEFAULT '{}',
  UNIQUE (benchmark_id, idx),
  UNIQUE (benchmark_id, key)
);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  model_id INTEGER NOT NULL REFERENCES models(id),
  benchmark_id INTEGER NOT NULL REFERENCES benchmarks(id),
  sampling TEXT NOT NULL,
  target_n INTEGER NOT NULL CHECK (target_n >= 1),
  base_seed INTEGER NOT NULL,
  prompt_template_hash TEXT NOT NULL,
  label TEXT,
  capabilities TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (model_id, benchmark_id, sampling, base_seed, prompt_template_hash)
);
CREATE TABLE samples (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  problem_id INTEGER NOT NULL REFERENCES problems(id),
  sample_index INTEGER NOT NULL CHECK (sample_index >= 0),
  seed INTEGER NOT NULL,
  text TEXT,
  error TEXT,
  finish_reason TEXT,
  stop_reason TEXT,
  prompt_tokens INTEGER,
  completion_tokens INTEGER,
  logprob_sum REAL,
  latency_ms REAL,
  attempts INTEGER,
  created_at INTEGER NOT NULL,
  CHECK ((text IS NULL) <> (error IS NULL)),
  UNIQUE (run_id, problem_id, sample_index)
);
CREATE TABLE verdicts (
  id INTEGER PRIMARY KEY,
  sample_id INTEGER NOT NULL REFERENCES samples(id),
  verifier TEXT NOT NULL,
  policy TEXT NOT NULL,
  version TEXT NOT NULL,
  correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
  extracted TEXT,
  reason TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  detail TEXT NOT NULL DEFAULT 'null',
  created_at INTEGER NOT NULL,
  UNIQUE (sample_id, verifier, policy, version)
);
CREATE TABLE scores (
  id INTEGER PRIMARY KEY,
  scorer_model_id INTEGER NOT NULL REFERENCES models(id),
  sample_id INTEGER NOT NULL REFERENCES samples(id),
  token_count INTEGER NOT NULL CHECK (token_count >= 0),
  nll_sum REAL NOT NULL,
  byte_count INTEGER NOT NULL CHECK (byte_count >= 0),
  entropy REAL,
  created_at INTEGER NOT NULL,
  UNIQUE (scorer_model_id, sample_id)
);
CREATE TABLE lab_checkpoints (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  parent_id INTEGER REFERENCES lab_checkpoints(id),
  stage TEXT NOT NULL,
  algorithm TEXT,
  step INTEGER,
  path TEXT,
  config TEXT NOT NULL DEFAULT '{}',
  metrics TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
);
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  sample_id INTEGER NOT NULL REFERENCES samples(id),
  reviewer TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('valid', 'invalid', 'unsure')),
  note TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  UNIQUE (sample_id, reviewer)
);
CREATE INDEX verdicts_by_key ON verdicts (verifier, policy, version);
CREATE INDEX scores_by_sample ON scores (sample_id);
`,
  },
  {
    version: 2,
    description: 'model roles, counts-only runs with per-problem counts, import provenance',
    // problem_counts rows are per import: pooling two counts files adds rows, never rewrites one.
    sql: `
ALTER TABLE models ADD COLUMN role TEXT CHECK (role IN ('base', 'rl', 'distill', 'sft', 'other'));
ALTER TABLE runs ADD COLUMN counts_only INTEGER NOT NULL DEFAULT 0 CHECK (counts_only IN (0, 1));
CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  format TEXT NOT NULL,
  file TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  samples INTEGER NOT NULL CHECK (samples >= 0),
  first_sample_index INTEGER NOT NULL CHECK (first_sample_index >= 0),
  counts_only INTEGER NOT NULL CHECK (counts_only IN (0, 1)),
  settings TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  UNIQUE (run_id, content_hash)
);
CREATE TABLE problem_counts (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  problem_id INTEGER NOT NULL REFERENCES problems(id),
  import_id INTEGER NOT NULL REFERENCES imports(id),
  verifier TEXT NOT NULL,
  policy TEXT NOT NULL,
  version TEXT NOT NULL,
  n INTEGER NOT NULL CHECK (n >= 1),
  c INTEGER NOT NULL CHECK (c >= 0 AND c <= n),
  UNIQUE (run_id, problem_id, verifier, policy, version, import_id)
);
`,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
