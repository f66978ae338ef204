import type { ProblemOutcome } from '../analyze/outcome.js';
import type { JsonValue } from './json.js';
import type {
  BenchmarkInput,
  BenchmarkRecord,
  FailedSlotInput,
  ImportInput,
  ImportRecord,
  LabCheckpointInput,
  LabCheckpointRecord,
  ModelInput,
  ModelRecord,
  ModelRole,
  ProblemCountInput,
  ProblemInput,
  ProblemRecord,
  ReviewInput,
  ReviewRecord,
  RunInput,
  RunProgress,
  RunRecord,
  SampleInput,
  SampleRecord,
  SampleTableRow,
  ScoreInput,
  ScoredSample,
  VerdictInput,
  VerifierKey,
  WriteResult,
} from './types.js';

/** Options of the streaming readers: rows are fetched in pages of `pageSize` (default 1,000). */
export interface PageOptions {
  pageSize?: number;
}

/**
 * The study store: everything a study produces, behind one asynchronous interface so that the
 * SQLite implementation (one file per study) and a server database can be swapped. Every write
 * is idempotent and atomic per call; streaming readers page through rows instead of holding a
 * cursor open, so callers may write (e.g. verdicts) while they read.
 */
export interface StudyStore {
  /** Where the study lives (a file path for SQLite). */
  readonly location: string;
  /** Schema version of the open study. */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
  /**
   * Runs `fn` against a view of the store whose every write belongs to one transaction: all of
   * them take effect, or — when `fn` throws — none does (an import either lands whole or leaves
   * the study exactly as it was). Nobody sees it half-done: on SQLite other callers of this store
   * wait until it ends, on PostgreSQL they read the state before it. On PostgreSQL `fn` may be run
   * again after a lost connection, so it must start from scratch each time.
   */
  transaction<T>(fn: (store: StudyStore) => Promise<T>): Promise<T>;

  // Models ------------------------------------------------------------------------------------
  /** Gets the model of that name, creating it if absent (an existing model is returned unchanged). */
  putModel(input: ModelInput): Promise<ModelRecord>;
  getModel(name: string): Promise<ModelRecord | null>;
  getModelById(id: number): Promise<ModelRecord | null>;
  listModels(): Promise<ModelRecord[]>;
  /** Declares what the model is in the comparison (base, rl, distill, sft, other); replaces an earlier declaration. */
  setModelRole(modelId: number, role: ModelRole): Promise<void>;

  // Benchmarks and problems -------------------------------------------------------------------
  /** Gets the benchmark with this name and content hash, creating it if absent. */
  putBenchmark(input: BenchmarkInput): Promise<BenchmarkRecord>;
  /** The benchmark of that name (with that content hash, or the most recently created one). */
  getBenchmark(name: string, contentHash?: string): Promise<BenchmarkRecord | null>;
  getBenchmarkById(id: number): Promise<BenchmarkRecord | null>;
  listBenchmarks(): Promise<BenchmarkRecord[]>;
  /** Adds problems; ones already present (same benchmark and index) are left unchanged. */
  putProblems(benchmarkId: number, problems: readonly ProblemInput[]): Promise<WriteResult>;
  /** The benchmark's problems in index order. */
  listProblems(benchmarkId: number): Promise<ProblemRecord[]>;
  getProblem(id: number): Promise<ProblemRecord | null>;
  /** The benchmark's problem with this external id, or null. */
  getProblemByKey(benchmarkId: number, key: string): Promise<ProblemRecord | null>;

  // Runs --------------------------------------------------------------------------------------
  /** The run with the same identity (model, benchmark, sampling, base seed, template hash); null if none. */
  findRun(input: Omit<RunInput, 'targetN' | 'label'>): Promise<RunRecord | null>;
  /** Finds the run or creates it. A found run whose target n is smaller is raised to `targetN`. */
  findOrCreateRun(input: RunInput): Promise<{ run: RunRecord; created: boolean }>;
  getRun(id: number): Promise<RunRecord | null>;
  listRuns(): Promise<RunRecord[]>;
  setRunTargetN(runId: number, targetN: number): Promise<void>;
  /** Records what a capability probe found about the server (JSON). */
  setRunCapabilities(runId: number, capabilities: JsonValue): Promise<void>;

  // Samples -----------------------------------------------------------------------------------
  /** Writes samples and failed slots in one transaction; idempotent on (run, problem, sample index). */
  insertSamples(batch: readonly SampleInput[]): Promise<WriteResult>;
  /** Records a slot whose request failed permanently (never replaces a stored sample). */
  recordFailedSlot(slot: FailedSlotInput): Promise<WriteResult>;
  /**
   * For resuming: per problem id of the run's benchmark, the sample indices in [0, n) with no
   * stored sample (n defaults to the run's target n). Failed slots count as missing unless
   * `retryFailed` is false. Problems with nothing missing are omitted.
   */
  missingSampleIndices(runId: number, options?: { n?: number; retryFailed?: boolean }): Promise<Map<number, number[]>>;
  /** Sample indices stored for one problem of a run (failed slots only with includeFailed). */
  sampleIndices(runId: number, problemId: number, options?: { includeFailed?: boolean }): Promise<Set<number>>;
  /** Texts of one problem's stored samples, in sample order. */
  sampleTexts(runId: number, problemId: number): Promise<string[]>;
  getSample(id: number): Promise<SampleRecord | null>;
  /** Streams a run's slots (samples and failed slots) ordered by problem, then sample index. */
  iterateSamples(runId: number, options?: PageOptions & { problemId?: number }): AsyncIterable<SampleRecord>;
  /** Streams a run's samples (not failed slots) that have no verdict under `key` yet (of one problem, if given). */
  unverifiedSamples(runId: number, key: VerifierKey, options?: PageOptions & { problemId?: number }): AsyncIterable<SampleRecord>;

  // Verdicts and scores ------------------------------------------------------------------------
  /**
   * Writes verdicts in one transaction. A stored verdict is never replaced: resending an identical
   * one (same correctness and extracted answer) counts as unchanged, a different one makes the
   * whole batch fail with a VerdictConflictError (exit 2) and write nothing.
   */
  putVerdicts(batch: readonly VerdictInput[]): Promise<WriteResult>;
  /** Verifier keys with at least one verdict or count (for the run, if given). */
  listVerifierKeys(runId?: number): Promise<VerifierKey[]>;
  /**
   * Per-problem outcomes of a run under one verifier, ready for `src/analyze`: problemId is the
   * problem key, n and c count the verified samples, scores/answers are in sample-index order.
   * Problems with no verified sample are left out (see `runProgress` for how many there are).
   * For a counts-only run (`run.countsOnly`) each outcome is just {problemId, n, c} — the summed
   * counts of its imports — with no scores and no answers: there are no texts and no sample order.
   */
  loadOutcomes(runId: number, key: VerifierKey): Promise<ProblemOutcome[]>;
  /** Stores per-problem counts of a counts-only run, one row per import (rows already present are unchanged). */
  putProblemCounts(batch: readonly ProblemCountInput[]): Promise<WriteResult>;
  /** Problem ids of the run that have counts (from any import). */
  countedProblems(runId: number): Promise<Set<number>>;

  // Imports -----------------------------------------------------------------------------------
  /** Records an import of a run; the same content hash in the same run returns the earlier record (created false). */
  recordImport(input: ImportInput): Promise<{ record: ImportRecord; created: boolean }>;
  /** Imports of this content anywhere in the study, oldest first. */
  findImports(contentHash: string): Promise<ImportRecord[]>;
  /** The study's imports (of one run, if given), oldest first. */
  listImports(runId?: number): Promise<ImportRecord[]>;
  /**
   * One problem's slots with sample index in [from, to), in index order (ids and texts; with
   * `texts: false` only the samples' ids, which is cheaper): what an import compares before it writes.
   */
  slotsInRange(
    runId: number,
    problemId: number,
    from: number,
    to: number,
    options?: { texts?: boolean },
  ): Promise<{ id: number; sampleIndex: number; text: string | null }[]>;
  /** Per problem id of the run: lowest and highest stored slot index and the number of slots. */
  sampleIndexRanges(runId: number): Promise<Map<number, { lo: number; hi: number; slots: number }>>;
  /** Writes scores in one transaction; a score for the same scorer and sample is replaced. */
  putScores(batch: readonly ScoreInput[]): Promise<WriteResult>;
  /** Scores of a run's samples under one scorer model, ordered by problem and sample index. */
  loadScores(runId: number, scorerModelId: number): Promise<ScoredSample[]>;
  runProgress(runId: number, key?: VerifierKey): Promise<RunProgress>;

  // Per-sample table ---------------------------------------------------------------------------
  /** Streams the joined per-sample table (all runs, or one), with the verdict of `verifier` if given. */
  iterateSampleTable(options?: PageOptions & { runId?: number; verifier?: VerifierKey }): AsyncIterable<SampleTableRow>;

  // Lab lineage --------------------------------------------------------------------------------
  /** Creates or replaces the checkpoint of that name; the parent (if named) must exist. */
  putLabCheckpoint(input: LabCheckpointInput): Promise<LabCheckpointRecord>;
  getLabCheckpoint(name: string): Promise<LabCheckpointRecord | null>;
  listLabCheckpoints(): Promise<LabCheckpointRecord[]>;

  // Reviews ------------------------------------------------------------------------------------
  /** Creates or replaces one reviewer's verdict on one sample. */
  putReview(input: ReviewInput): Promise<ReviewRecord>;
  /** Reviews, optionally only those of one run's samples. */
  listReviews(options?: { runId?: number }): Promise<ReviewRecord[]>;
}
