import Database from 'better-sqlite3';
import { InputError, RlboundError } from '../../errors.js';
import type { ProblemOutcome } from '../../analyze/outcome.js';
import { canonicalJson, type JsonValue } from '../json.js';
import type { PageOptions, StudyStore } from '../store.js';
import type {
  BenchmarkInput, BenchmarkRecord, FailedSlotInput, LabCheckpointInput, LabCheckpointRecord, ModelInput, ModelRecord,
  ProblemInput, ProblemRecord, ReviewInput, ReviewRecord, RunInput, RunProgress, RunRecord, SampleInput, SampleRecord,
  SampleTableRow, ScoreInput, ScoredSample, VerdictInput, VerifierKey, WriteResult,
} from '../types.js';
import { migrate } from './migrate.js';
import { prepareQueries, type Queries } from './queries.js';
import { toBenchmark, toCheckpoint, toModel, toProblem, toReview, toRun, toSample, toSampleTableRow, toScoredSample, type Row } from './rows.js';

const DEFAULT_PAGE = 1000;

/** Options for opening a study file. */
export interface OpenStudyOptions {
  /** Open an existing study without writing (no migrations are applied). */
  readonly?: boolean;
  /** Fail instead of creating the file when it does not exist. */
  mustExist?: boolean;
}

/**
 * Opens (creating and migrating if needed) the SQLite study file at `file`. WAL mode with
 * synchronous=NORMAL: a committed transaction survives a crash of the process (SIGKILL), and
 * readers never block the writer.
 */
export async function openStudy(file: string, options: OpenStudyOptions = {}): Promise<StudyStore> {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.mustExist ?? options.readonly ?? false });
  } catch (err) {
    throw new InputError(`cannot open study: ${(err as Error).message}`, { file }, { cause: err });
  }
  try {
    // 16 KiB pages: samples carry ~1 KiB texts, and bigger pages roughly double the insert rate
    // (fewer page splits and WAL frames). Only takes effect when the file is created.
    if (!options.readonly) db.pragma('page_size = 16384');
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('cache_size = -32768'); // 32 MiB page cache
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    migrate(db, file, options.readonly ?? false);
    return new SqliteStudyStore(db, file);
  } catch (err) {
    db.close();
    if (err instanceof RlboundError) throw err;
    throw new InputError(`not a usable study file: ${(err as Error).message}`, { file }, { cause: err });
  }
}

class SqliteStudyStore implements StudyStore {
  private readonly q: Queries;
  private readonly insertSamplesTx: (batch: readonly SampleInput[]) => WriteResult;

  constructor(
    private readonly db: Database.Database,
    readonly location: string,
  ) {
    this.q = prepareQueries(db);
    this.insertSamplesTx = db.transaction((batch: readonly SampleInput[]) => {
      const now = Date.now();
      let written = 0;
      for (const s of batch) {
        written += this.q.upsertSample.run(s.runId, s.problemId, s.sampleIndex, s.seed, s.text, s.error ?? null, s.finishReason ?? null, s.stopReason ?? null,
          s.promptTokens ?? null, s.completionTokens ?? null, s.logprobSum ?? null, s.latencyMs ?? null, s.attempts ?? null, now).changes;
      }
      return { written, unchanged: batch.length - written };
    });
  }

  async schemaVersion(): Promise<number> {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  // Models
  async putModel(input: ModelInput): Promise<ModelRecord> {
    this.q.insertModel.run(input.name, input.provider, input.endpoint ?? null, canonicalJson(input.info ?? {}), Date.now());
    return toModel(this.q.modelByName.get(input.name) as Row);
  }
  async getModel(name: string): Promise<ModelRecord | null> {
    return this.one(this.q.modelByName.get(name), toModel);
  }
  async getModelById(id: number): Promise<ModelRecord | null> {
    return this.one(this.q.modelById.get(id), toModel);
  }
  async listModels(): Promise<ModelRecord[]> {
    return (this.q.models.all() as Row[]).map(toModel);
  }

  // Benchmarks and problems
  async putBenchmark(input: BenchmarkInput): Promise<BenchmarkRecord> {
    this.q.insertBenchmark.run(input.name, input.source, input.contentHash, Date.now());
    return toBenchmark(this.q.benchmarkByNameHash.get(input.name, input.contentHash) as Row);
  }
  async getBenchmark(name: string, contentHash?: string): Promise<BenchmarkRecord | null> {
    return this.one(contentHash === undefined ? this.q.latestBenchmarkByName.get(name) : this.q.benchmarkByNameHash.get(name, contentHash), toBenchmark);
  }
  async getBenchmarkById(id: number): Promise<BenchmarkRecord | null> {
    return this.one(this.q.benchmarkById.get(id), toBenchmark);
  }
  async listBenchmarks(): Promise<BenchmarkRecord[]> {
    return (this.q.benchmarks.all() as Row[]).map(toBenchmark);
  }
  async putProblems(benchmarkId: number, problems: readonly ProblemInput[]): Promise<WriteResult> {
    return this.db.transaction(() => {
      let written = 0;
      for (const p of problems) written += this.q.insertProblem.run(benchmarkId, p.index, p.key, p.prompt, canonicalJson(p.gold ?? null), canonicalJson(p.metadata ?? {})).changes;
      return { written, unchanged: problems.length - written };
    })();
  }
  async listProblems(benchmarkId: number): Promise<ProblemRecord[]> {
    return (this.q.problems.all(benchmarkId) as Row[]).map(toProblem);
  }
  async getProblem(id: number): Promise<ProblemRecord | null> {
    return this.one(this.q.problemById.get(id), toProblem);
  }

  // Runs
  async findRun(input: Omit<RunInput, 'targetN' | 'label'>): Promise<RunRecord | null> {
    return this.one(this.q.findRun.get(input.modelId, input.benchmarkId, canonicalJson(input.sampling), input.baseSeed, input.promptTemplateHash), toRun);
  }
  async findOrCreateRun(input: RunInput): Promise<{ run: RunRecord; created: boolean }> {
    return this.db.transaction(() => {
      const created = this.q.insertRun.run(input.modelId, input.benchmarkId, canonicalJson(input.sampling), input.targetN, input.baseSeed, input.promptTemplateHash, input.label ?? null, Date.now()).changes === 1;
      let run = toRun(this.q.findRun.get(input.modelId, input.benchmarkId, canonicalJson(input.sampling), input.baseSeed, input.promptTemplateHash) as Row);
      if (run.targetN < input.targetN) {
        this.q.setTargetN.run(input.targetN, run.id);
        run = { ...run, targetN: input.targetN };
      }
      return { run, created };
    })();
  }
  async getRun(id: number): Promise<RunRecord | null> {
    return this.one(this.q.runById.get(id), toRun);
  }
  async listRuns(): Promise<RunRecord[]> {
    return (this.q.runs.all() as Row[]).map(toRun);
  }
  async setRunTargetN(runId: number, targetN: number): Promise<void> {
    if (!Number.isInteger(targetN) || targetN < 1) throw new InputError(`target n must be an integer ≥ 1 (got ${targetN})`, { field: 'targetN' });
    this.requireChange(this.q.setTargetN.run(targetN, runId).changes, `run ${runId}`);
  }
  async setRunCapabilities(runId: number, capabilities: JsonValue): Promise<void> {
    this.requireChange(this.q.setCapabilities.run(canonicalJson(capabilities), runId).changes, `run ${runId}`);
  }

  // Samples
  async insertSamples(batch: readonly SampleInput[]): Promise<WriteResult> {
    return this.insertSamplesTx(batch);
  }
  async recordFailedSlot(slot: FailedSlotInput): Promise<WriteResult> {
    return this.insertSamplesTx([{ ...slot, text: null }]);
  }
  async missingSampleIndices(runId: number, options: { n?: number; retryFailed?: boolean } = {}): Promise<Map<number, number[]>> {
    const run = await this.requireRun(runId);
    const n = options.n ?? run.targetN;
    const retryFailed = options.retryFailed ?? true;
    const present = new Map<number, Set<number>>();
    for (const r of this.q.slotIndicesOfRun.all(runId, n) as Row[]) {
      if (r.ok === 0 && retryFailed) continue;
      const pid = r.problem_id as number;
      let s = present.get(pid);
      if (!s) present.set(pid, (s = new Set()));
      s.add(r.sample_index as number);
    }
    const missing = new Map<number, number[]>();
    for (const p of this.q.problems.all(run.benchmarkId) as Row[]) {
      const have = present.get(p.id as number);
      const gaps: number[] = [];
      for (let i = 0; i < n; i++) if (!have?.has(i)) gaps.push(i);
      if (gaps.length > 0) missing.set(p.id as number, gaps);
    }
    return missing;
  }
  async sampleIndices(runId: number, problemId: number, options: { includeFailed?: boolean } = {}): Promise<Set<number>> {
    const out = new Set<number>();
    for (const r of this.q.slotIndicesOfProblem.all(runId, problemId) as Row[]) if (r.ok === 1 || options.includeFailed) out.add(r.sample_index as number);
    return out;
  }
  async sampleTexts(runId: number, problemId: number): Promise<string[]> {
    return (this.q.textsOfProblem.all(runId, problemId) as Row[]).map((r) => r.text as string);
  }
  async getSample(id: number): Promise<SampleRecord | null> {
    return this.one(this.q.sampleById.get(id), toSample);
  }
  async *iterateSamples(runId: number, options: PageOptions & { problemId?: number } = {}): AsyncIterable<SampleRecord> {
    const size = pageSize(options);
    let lastProblem = -1;
    let lastIndex = -1;
    for (;;) {
      const rows = (options.problemId === undefined ? this.q.samplePage.all(runId, lastProblem, lastIndex, size) : this.q.samplePageOfProblem.all(runId, options.problemId, lastIndex, size)) as Row[];
      for (const r of rows) yield toSample(r);
      if (rows.length < size) return;
      const last = rows[rows.length - 1];
      lastProblem = last.problem_id as number;
      lastIndex = last.sample_index as number;
    }
  }
  async *unverifiedSamples(runId: number, key: VerifierKey, options: PageOptions = {}): AsyncIterable<SampleRecord> {
    const size = pageSize(options);
    let lastProblem = -1;
    let lastIndex = -1;
    for (;;) {
      const rows = this.q.unverifiedPage.all(runId, lastProblem, lastIndex, key.verifier, key.policy, key.version, size) as Row[];
      for (const r of rows) yield toSample(r);
      if (rows.length < size) return;
      const last = rows[rows.length - 1];
      lastProblem = last.problem_id as number;
      lastIndex = last.sample_index as number;
    }
  }

  // Verdicts and scores
  async putVerdicts(batch: readonly VerdictInput[]): Promise<WriteResult> {
    return this.db.transaction(() => {
      const now = Date.now();
      for (const v of batch) this.q.upsertVerdict.run(v.sampleId, v.verifier, v.policy, v.version, v.correct ? 1 : 0, v.extracted, v.reason, v.durationMs, canonicalJson(v.detail ?? null), now);
      return { written: batch.length, unchanged: 0 };
    })();
  }
  async listVerifierKeys(runId?: number): Promise<VerifierKey[]> {
    const rows = (runId === undefined ? this.q.verifierKeys.all() : this.q.verifierKeysOfRun.all(runId)) as Row[];
    return rows.map((r) => ({ verifier: r.verifier as string, policy: r.policy as string, version: r.version as string }));
  }
  async loadOutcomes(runId: number, key: VerifierKey): Promise<ProblemOutcome[]> {
    const byProblem = new Map<string, { scores: (0 | 1)[]; answers: (string | null)[] }>();
    for (const r of this.q.outcomes.all(key.verifier, key.policy, key.version, runId) as Row[]) {
      const id = r.problem_key as string;
      let o = byProblem.get(id);
      if (!o) byProblem.set(id, (o = { scores: [], answers: [] }));
      o.scores.push(r.correct === 1 ? 1 : 0);
      o.answers.push((r.extracted as string | null) ?? null);
    }
    return [...byProblem].map(([problemId, o]) => ({ problemId, n: o.scores.length, c: o.scores.reduce<number>((a, v) => a + v, 0), scores: o.scores, answers: o.answers }));
  }
  async putScores(batch: readonly ScoreInput[]): Promise<WriteResult> {
    return this.db.transaction(() => {
      const now = Date.now();
      for (const s of batch) this.q.upsertScore.run(s.scorerModelId, s.sampleId, s.tokenCount, s.nllSum, s.byteCount, s.entropy ?? null, now);
      return { written: batch.length, unchanged: 0 };
    })();
  }
  async loadScores(runId: number, scorerModelId: number): Promise<ScoredSample[]> {
    return (this.q.scoresOfRun.all(runId, scorerModelId) as Row[]).map(toScoredSample);
  }
  async runProgress(runId: number, key?: VerifierKey): Promise<RunProgress> {
    const run = await this.requireRun(runId);
    const s = this.q.progressSamples.get(runId) as Row;
    const p = this.q.progressProblems.get(run.benchmarkId) as Row;
    const progress: RunProgress = { runId, targetN: run.targetN, problems: p.problems as number, samples: s.samples as number, failedSlots: s.failed as number };
    if (key) {
      const v = this.q.progressVerdicts.get(runId, key.verifier, key.policy, key.version) as Row;
      progress.verified = v.verified as number;
      progress.correct = v.correct as number;
    }
    return progress;
  }

  // Per-sample table
  async *iterateSampleTable(options: PageOptions & { runId?: number; verifier?: VerifierKey } = {}): AsyncIterable<SampleTableRow> {
    const size = pageSize(options);
    const key = options.verifier ?? { verifier: null, policy: null, version: null };
    let after = 0;
    for (;;) {
      const rows = this.q.sampleTablePage.all({ ...key, run: options.runId ?? null, after, limit: size }) as Row[];
      for (const r of rows) yield toSampleTableRow(r);
      if (rows.length < size) return;
      after = rows[rows.length - 1].sample_id as number;
    }
  }

  // Lab lineage
  async putLabCheckpoint(input: LabCheckpointInput): Promise<LabCheckpointRecord> {
    let parentId: number | null = null;
    if (input.parentName) {
      const parent = this.q.checkpointByName.get(input.parentName) as Row | undefined;
      if (!parent) throw new InputError(`parent checkpoint ${JSON.stringify(input.parentName)} does not exist`, { field: 'parentName' });
      parentId = parent.id as number;
    }
    this.q.upsertCheckpoint.run(input.name, parentId, input.stage, input.algorithm ?? null, input.step ?? null, input.path ?? null, canonicalJson(input.config ?? {}), canonicalJson(input.metrics ?? {}), Date.now());
    return toCheckpoint(this.q.checkpointByName.get(input.name) as Row);
  }
  async getLabCheckpoint(name: string): Promise<LabCheckpointRecord | null> {
    return this.one(this.q.checkpointByName.get(name), toCheckpoint);
  }
  async listLabCheckpoints(): Promise<LabCheckpointRecord[]> {
    return (this.q.checkpoints.all() as Row[]).map(toCheckpoint);
  }

  // Reviews
  async putReview(input: ReviewInput): Promise<ReviewRecord> {
    this.q.upsertReview.run(input.sampleId, input.reviewer, input.verdict, input.note ?? '', Date.now());
    return toReview(this.q.reviewBySampleReviewer.get(input.sampleId, input.reviewer) as Row);
  }
  async listReviews(options: { runId?: number } = {}): Promise<ReviewRecord[]> {
    return ((options.runId === undefined ? this.q.reviews.all() : this.q.reviewsOfRun.all(options.runId)) as Row[]).map(toReview);
  }

  // Helpers
  private one<T>(row: unknown, map: (r: Row) => T): T | null {
    return row === undefined ? null : map(row as Row);
  }
  private async requireRun(runId: number): Promise<RunRecord> {
    const run = await this.getRun(runId);
    if (!run) throw new InputError(`run ${runId} does not exist in ${this.location}`);
    return run;
  }
  private requireChange(changes: number, what: string): void {
    if (changes === 0) throw new InputError(`${what} does not exist in ${this.location}`);
  }
}

function pageSize(o: PageOptions): number {
  const size = o.pageSize ?? DEFAULT_PAGE;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`page size must be a positive integer (got ${size})`);
  return size;
}
