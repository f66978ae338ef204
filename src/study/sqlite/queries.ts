import type Database from 'better-sqlite3';

const sampleColumns = `s.id, s.run_id, s.problem_id, s.sample_index, s.seed, s.text, s.error, s.finish_reason, s.stop_reason,
    s.prompt_tokens, s.completion_tokens, s.logprob_sum, s.latency_ms, s.attempts, s.created_at`;

/**
 * Every statement of the study store, by name, written once for both engines: SQLite prepares
 * them as they are (`prepareQueries`), PostgreSQL gets them with `$n` placeholders
 * (src/study/postgres/queries.ts). So they stick to SQL both accept, with positional `?`
 * parameters only.
 */
export const SQL = {
  insertModel: `INSERT INTO models (name, provider, endpoint, info, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
  modelByName: `SELECT * FROM models WHERE name = ?`,
  modelById: `SELECT * FROM models WHERE id = ?`,
  models: `SELECT * FROM models ORDER BY id`,
  setModelRole: `UPDATE models SET role = ? WHERE id = ?`,

  insertBenchmark: `INSERT INTO benchmarks (name, source, content_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name, content_hash) DO NOTHING`,
  benchmarkByNameHash: `SELECT * FROM benchmarks WHERE name = ? AND content_hash = ?`,
  latestBenchmarkByName: `SELECT * FROM benchmarks WHERE name = ? ORDER BY id DESC LIMIT 1`,
  benchmarkById: `SELECT * FROM benchmarks WHERE id = ?`,
  benchmarks: `SELECT * FROM benchmarks ORDER BY id`,

  insertProblem: `INSERT INTO problems (benchmark_id, idx, key, prompt, gold, metadata) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (benchmark_id, idx) DO NOTHING`,
  problems: `SELECT * FROM problems WHERE benchmark_id = ? ORDER BY idx`,
  problemById: `SELECT * FROM problems WHERE id = ?`,
  problemByKey: `SELECT * FROM problems WHERE benchmark_id = ? AND key = ?`,

  insertRun: `INSERT INTO runs (model_id, benchmark_id, sampling, target_n, base_seed, prompt_template_hash, label, counts_only, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (model_id, benchmark_id, sampling, base_seed, prompt_template_hash) DO NOTHING`,
  findRun: `SELECT * FROM runs WHERE model_id = ? AND benchmark_id = ? AND sampling = ? AND base_seed = ? AND prompt_template_hash = ?`,
  runById: `SELECT * FROM runs WHERE id = ?`,
  runs: `SELECT * FROM runs ORDER BY id`,
  setTargetN: `UPDATE runs SET target_n = ? WHERE id = ?`,
  // Raises (never lowers) the target n of the run with this identity; no write when it is already as large.
  raiseTargetN: `UPDATE runs SET target_n = ? WHERE model_id = ? AND benchmark_id = ? AND sampling = ? AND base_seed = ? AND prompt_template_hash = ?
      AND target_n < ?`,
  setCapabilities: `UPDATE runs SET capabilities = ? WHERE id = ?`,

  // A stored sample (text not null) is never replaced; an error slot is replaced by whatever comes next.
  upsertSample: `INSERT INTO samples (run_id, problem_id, sample_index, seed, text, error, finish_reason, stop_reason,
        prompt_tokens, completion_tokens, logprob_sum, latency_ms, attempts, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (run_id, problem_id, sample_index) DO UPDATE SET
        seed = excluded.seed, text = excluded.text, error = excluded.error, finish_reason = excluded.finish_reason,
        stop_reason = excluded.stop_reason, prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens,
        logprob_sum = excluded.logprob_sum, latency_ms = excluded.latency_ms, attempts = excluded.attempts, created_at = excluded.created_at
      WHERE samples.text IS NULL`,
  sampleById: `SELECT ${sampleColumns} FROM samples s WHERE s.id = ?`,
  // ok is 1 for a sample, 0 for a failed slot (CASE, not a bare IS NOT NULL: PostgreSQL would return a boolean).
  slotIndicesOfRun: `SELECT problem_id, sample_index, CASE WHEN text IS NULL THEN 0 ELSE 1 END AS ok FROM samples WHERE run_id = ? AND sample_index < ?`,
  slotIndicesOfProblem: `SELECT sample_index, CASE WHEN text IS NULL THEN 0 ELSE 1 END AS ok FROM samples WHERE run_id = ? AND problem_id = ?`,
  textsOfProblem: `SELECT text FROM samples WHERE run_id = ? AND problem_id = ? AND text IS NOT NULL ORDER BY sample_index`,
  // Keyset pagination over the (run, problem, sample index) unique index: no cursor stays open.
  samplePage: `SELECT ${sampleColumns} FROM samples s WHERE s.run_id = ? AND (s.problem_id, s.sample_index) > (?, ?)
      ORDER BY s.problem_id, s.sample_index LIMIT ?`,
  samplePageOfProblem: `SELECT ${sampleColumns} FROM samples s WHERE s.run_id = ? AND s.problem_id = ? AND s.sample_index > ?
      ORDER BY s.sample_index LIMIT ?`,
  unverifiedPage: `SELECT ${sampleColumns} FROM samples s WHERE s.run_id = ? AND (s.problem_id, s.sample_index) > (?, ?)
      AND s.text IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.sample_id = s.id AND v.verifier = ? AND v.policy = ? AND v.version = ?)
      ORDER BY s.problem_id, s.sample_index LIMIT ?`,
  unverifiedPageOfProblem: `SELECT ${sampleColumns} FROM samples s WHERE s.run_id = ? AND s.problem_id = ? AND s.sample_index > ?
      AND s.text IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.sample_id = s.id AND v.verifier = ? AND v.policy = ? AND v.version = ?)
      ORDER BY s.sample_index LIMIT ?`,

  // A stored verdict is never replaced: the insert skips it, and the store compares what it skipped.
  insertVerdict: `INSERT INTO verdicts (sample_id, verifier, policy, version, correct, extracted, reason, duration_ms, detail, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (sample_id, verifier, policy, version) DO NOTHING`,
  verdictOfSample: `SELECT correct, extracted FROM verdicts WHERE sample_id = ? AND verifier = ? AND policy = ? AND version = ?`,
  verifierKeys: `SELECT verifier, policy, version FROM verdicts UNION SELECT verifier, policy, version FROM problem_counts
      ORDER BY verifier, policy, version`,
  verifierKeysOfRun: `SELECT DISTINCT v.verifier, v.policy, v.version FROM verdicts v JOIN samples s ON s.id = v.sample_id WHERE s.run_id = ?
      UNION SELECT verifier, policy, version FROM problem_counts WHERE run_id = ?
      ORDER BY verifier, policy, version`,
  outcomes: `SELECT pr.key AS problem_key, v.correct, v.extracted FROM samples s
      JOIN problems pr ON pr.id = s.problem_id
      JOIN verdicts v ON v.sample_id = s.id AND v.verifier = ? AND v.policy = ? AND v.version = ?
      WHERE s.run_id = ? AND s.text IS NOT NULL ORDER BY pr.idx, s.sample_index`,

  // Counts-only runs: one row per (problem, verifier key, import); several imports of a problem add up.
  insertProblemCount: `INSERT INTO problem_counts (run_id, problem_id, import_id, verifier, policy, version, n, c) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (run_id, problem_id, verifier, policy, version, import_id) DO NOTHING`,
  countOutcomes: `SELECT pr.key AS problem_key, SUM(pc.n) AS n, SUM(pc.c) AS c FROM problem_counts pc JOIN problems pr ON pr.id = pc.problem_id
      WHERE pc.verifier = ? AND pc.policy = ? AND pc.version = ? AND pc.run_id = ? GROUP BY pr.key, pr.idx ORDER BY pr.idx`,
  countedProblemsOfRun: `SELECT DISTINCT problem_id FROM problem_counts WHERE run_id = ?`,
  progressCounts: `SELECT COALESCE(SUM(n), 0) AS verified, COALESCE(SUM(c), 0) AS correct FROM problem_counts
      WHERE run_id = ? AND verifier = ? AND policy = ? AND version = ?`,

  insertImport: `INSERT INTO imports (run_id, format, file, content_hash, samples, first_sample_index, counts_only, settings, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, content_hash) DO NOTHING`,
  importByHash: `SELECT * FROM imports WHERE run_id = ? AND content_hash = ?`,
  importsByHash: `SELECT * FROM imports WHERE content_hash = ? ORDER BY id`,
  imports: `SELECT * FROM imports ORDER BY id`,
  importsOfRun: `SELECT * FROM imports WHERE run_id = ? ORDER BY id`,
  // One problem's slots in [from, to) of a run: what an import would write over.
  slotsInRange: `SELECT id, sample_index, text FROM samples WHERE run_id = ? AND problem_id = ? AND sample_index >= ? AND sample_index < ? ORDER BY sample_index`,
  slotIdsInRange: `SELECT id, sample_index FROM samples WHERE run_id = ? AND problem_id = ? AND sample_index >= ? AND sample_index < ? AND text IS NOT NULL ORDER BY sample_index`,
  // The next free sample index of each problem of a run (for --append), and the occupied range.
  sampleIndexRange: `SELECT problem_id, MIN(sample_index) AS lo, MAX(sample_index) AS hi, COUNT(*) AS slots FROM samples WHERE run_id = ? GROUP BY problem_id`,

  upsertScore: `INSERT INTO scores (scorer_model_id, sample_id, token_count, nll_sum, byte_count, entropy, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (scorer_model_id, sample_id) DO UPDATE SET token_count = excluded.token_count, nll_sum = excluded.nll_sum,
        byte_count = excluded.byte_count, entropy = excluded.entropy, created_at = excluded.created_at`,
  scoresOfRun: `SELECT sc.*, s.run_id, s.sample_index, pr.key AS problem_key FROM scores sc
      JOIN samples s ON s.id = sc.sample_id JOIN problems pr ON pr.id = s.problem_id
      WHERE s.run_id = ? AND sc.scorer_model_id = ? ORDER BY pr.idx, s.sample_index`,

  progressSamples: `SELECT COUNT(text) AS samples, COUNT(error) AS failed FROM samples WHERE run_id = ?`,
  progressProblems: `SELECT COUNT(*) AS problems FROM problems WHERE benchmark_id = ?`,
  progressVerdicts: `SELECT COUNT(*) AS verified, COALESCE(SUM(v.correct), 0) AS correct FROM verdicts v JOIN samples s ON s.id = v.sample_id
      WHERE s.run_id = ? AND v.verifier = ? AND v.policy = ? AND v.version = ?`,

  // The per-sample table, paged by sample id. Verdict columns come from one verifier key (or are null).
  // Parameters: verifier, policy, version, after (sample id), run (or null) twice, limit. The CAST lets
  // PostgreSQL type a parameter that is only tested with IS NULL.
  sampleTablePage: `SELECT s.id AS sample_id, s.run_id, m.name AS model, b.name AS benchmark, pr.key AS problem, pr.idx AS problem_index,
        s.sample_index, s.seed, s.text, s.error, s.finish_reason, s.prompt_tokens, s.completion_tokens, s.latency_ms,
        v.correct, v.extracted, v.reason
      FROM samples s JOIN runs r ON r.id = s.run_id JOIN models m ON m.id = r.model_id JOIN benchmarks b ON b.id = r.benchmark_id
      JOIN problems pr ON pr.id = s.problem_id
      LEFT JOIN verdicts v ON v.sample_id = s.id AND v.verifier = ? AND v.policy = ? AND v.version = ?
      WHERE s.id > ? AND (CAST(? AS BIGINT) IS NULL OR s.run_id = ?)
      ORDER BY s.id LIMIT ?`,

  upsertCheckpoint: `INSERT INTO lab_checkpoints (name, parent_id, stage, algorithm, step, path, config, metrics, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET parent_id = excluded.parent_id, stage = excluded.stage, algorithm = excluded.algorithm,
        step = excluded.step, path = excluded.path, config = excluded.config, metrics = excluded.metrics`,
  checkpointByName: `SELECT c.*, par.name AS parent_name FROM lab_checkpoints c LEFT JOIN lab_checkpoints par ON par.id = c.parent_id WHERE c.name = ?`,
  checkpoints: `SELECT c.*, par.name AS parent_name FROM lab_checkpoints c LEFT JOIN lab_checkpoints par ON par.id = c.parent_id ORDER BY c.id`,

  upsertReview: `INSERT INTO reviews (sample_id, reviewer, verdict, note, created_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (sample_id, reviewer) DO UPDATE SET verdict = excluded.verdict, note = excluded.note, created_at = excluded.created_at`,
  reviewBySampleReviewer: `SELECT * FROM reviews WHERE sample_id = ? AND reviewer = ?`,
  reviews: `SELECT * FROM reviews ORDER BY id`,
  reviewsOfRun: `SELECT rv.* FROM reviews rv JOIN samples s ON s.id = rv.sample_id WHERE s.run_id = ? ORDER BY rv.id`,
} as const;

export type QueryName = keyof typeof SQL;

export type Queries = { readonly [K in QueryName]: Database.Statement };

export function prepareQueries(db: Database.Database): Queries {
  return Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)])) as Queries;
}
