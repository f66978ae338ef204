import { InputError } from '../../errors.js';
import type { ProblemOutcome } from '../../analyze/outcome.js';
import { canonicalJson, type JsonValue } from '../json.js';
import type { PageOptions, StudyStore } from '../store.js';
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
} from '../types.js';
import { MODEL_ROLES } from '../types.js';
import { VerdictConflictError } from '../verdict-conflict.js';
import { toBenchmark, toCheckpoint, toImport, toModel, toProblem, toReview, toRun, toSample, toSampleTableRow, toScoredSample, type Row } from './rows.js';
import type { SqlEngine, SqlValue, Statement, StatementResult } from './sql-engine.js';

const DEFAULT_PAGE = 1000;

/**
 * The study store on a SQL database, for both engines (SQLite file, PostgreSQL server): every
 * method is written once here, against the named queries of src/study/sqlite/queries.ts; the
 * engine runs them. Every write is one statement or one `batch` (one transaction).
 */
export class SqlStudyStore implements StudyStore {
  constructor(
    private readonly db: SqlEngine,
    readonly location: string,
  ) {}

  schemaVersion(): Promise<number> {
    return this.db.schemaVersion();
  }
  close(): Promise<void> {
    return this.db.close();
  }

  transaction<T>(fn: (store: StudyStore) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new SqlStudyStore(tx, this.location)));
  }

  // Models
  async putModel(input: ModelInput): Promise<ModelRecord> {
    await this.db.changes('insertModel', [input.name, input.provider, input.endpoint ?? null, canonicalJson(input.info ?? {}), Date.now()]);
    return toModel((await this.db.row('modelByName', [input.name]))!);
  }
  async getModel(name: string): Promise<ModelRecord | null> {
    return one(await this.db.row('modelByName', [name]), toModel);
  }
  async getModelById(id: number): Promise<ModelRecord | null> {
    return one(await this.db.row('modelById', [id]), toModel);
  }
  async listModels(): Promise<ModelRecord[]> {
    return (await this.db.rows('models')).map(toModel);
  }
  async setModelRole(modelId: number, role: ModelRole): Promise<void> {
    if (!MODEL_ROLES.includes(role)) throw new InputError(`role must be one of ${MODEL_ROLES.join(', ')} (got ${JSON.stringify(role)})`, { field: 'role' });
    this.requireChange(await this.db.changes('setModelRole', [role, modelId]), `model ${modelId}`);
  }

  // Benchmarks and problems
  async putBenchmark(input: BenchmarkInput): Promise<BenchmarkRecord> {
    await this.db.changes('insertBenchmark', [input.name, input.source, input.contentHash, Date.now()]);
    return toBenchmark((await this.db.row('benchmarkByNameHash', [input.name, input.contentHash]))!);
  }
  async getBenchmark(name: string, contentHash?: string): Promise<BenchmarkRecord | null> {
    const row = contentHash === undefined ? await this.db.row('latestBenchmarkByName', [name]) : await this.db.row('benchmarkByNameHash', [name, contentHash]);
    return one(row, toBenchmark);
  }
  async getBenchmarkById(id: number): Promise<BenchmarkRecord | null> {
    return one(await this.db.row('benchmarkById', [id]), toBenchmark);
  }
  async listBenchmarks(): Promise<BenchmarkRecord[]> {
    return (await this.db.rows('benchmarks')).map(toBenchmark);
  }
  async putProblems(benchmarkId: number, problems: readonly ProblemInput[]): Promise<WriteResult> {
    const results = await this.db.batch(
      problems.map((p) => ['insertProblem', [benchmarkId, p.index, p.key, p.prompt, canonicalJson(p.gold ?? null), canonicalJson(p.metadata ?? {})]]),
    );
    return countWritten(results);
  }
  async listProblems(benchmarkId: number): Promise<ProblemRecord[]> {
    return (await this.db.rows('problems', [benchmarkId])).map(toProblem);
  }
  async getProblem(id: number): Promise<ProblemRecord | null> {
    return one(await this.db.row('problemById', [id]), toProblem);
  }
  async getProblemByKey(benchmarkId: number, key: string): Promise<ProblemRecord | null> {
    return one(await this.db.row('problemByKey', [benchmarkId, key]), toProblem);
  }

  // Runs
  async findRun(input: Omit<RunInput, 'targetN' | 'label'>): Promise<RunRecord | null> {
    return one(await this.db.row('findRun', runIdentity(input)), toRun);
  }
  /** Insert-if-absent, raise the target, read back: one transaction, so concurrent callers agree. */
  async findOrCreateRun(input: RunInput): Promise<{ run: RunRecord; created: boolean }> {
    const identity = runIdentity(input);
    const [inserted, , found] = await this.db.batch([
      [
        'insertRun',
        [
          input.modelId,
          input.benchmarkId,
          canonicalJson(input.sampling),
          input.targetN,
          input.baseSeed,
          input.promptTemplateHash,
          input.label ?? null,
          input.countsOnly ? 1 : 0,
          Date.now(),
        ],
      ],
      ['raiseTargetN', [input.targetN, ...identity, input.targetN]],
      ['findRun', identity],
    ]);
    return { run: toRun(found.rows[0]), created: inserted.changes === 1 };
  }
  async getRun(id: number): Promise<RunRecord | null> {
    return one(await this.db.row('runById', [id]), toRun);
  }
  async listRuns(): Promise<RunRecord[]> {
    return (await this.db.rows('runs')).map(toRun);
  }
  async setRunTargetN(runId: number, targetN: number): Promise<void> {
    if (!Number.isInteger(targetN) || targetN < 1) throw new InputError(`target n must be an integer ≥ 1 (got ${targetN})`, { field: 'targetN' });
    this.requireChange(await this.db.changes('setTargetN', [targetN, runId]), `run ${runId}`);
  }
  async setRunCapabilities(runId: number, capabilities: JsonValue): Promise<void> {
    this.requireChange(await this.db.changes('setCapabilities', [canonicalJson(capabilities), runId]), `run ${runId}`);
  }

  // Samples
  async insertSamples(batch: readonly SampleInput[]): Promise<WriteResult> {
    if (batch.length === 0) return { written: 0, unchanged: 0 };
    const now = Date.now();
    return countWritten(
      await this.db.batch(
        batch.map((s): Statement => [
          'upsertSample',
          [
            s.runId,
            s.problemId,
            s.sampleIndex,
            s.seed,
            s.text,
            s.error ?? null,
            s.finishReason ?? null,
            s.stopReason ?? null,
            s.promptTokens ?? null,
            s.completionTokens ?? null,
            s.logprobSum ?? null,
            s.latencyMs ?? null,
            s.attempts ?? null,
            now,
          ],
        ]),
      ),
    );
  }
  async recordFailedSlot(slot: FailedSlotInput): Promise<WriteResult> {
    return this.insertSamples([{ ...slot, text: null }]);
  }
  async missingSampleIndices(runId: number, options: { n?: number; retryFailed?: boolean } = {}): Promise<Map<number, number[]>> {
    const run = await this.requireRun(runId);
    const n = options.n ?? run.targetN;
    const retryFailed = options.retryFailed ?? true;
    const present = new Map<number, Set<number>>();
    for (const r of await this.db.rows('slotIndicesOfRun', [runId, n])) {
      if (r.ok === 0 && retryFailed) continue;
      const pid = r.problem_id as number;
      let s = present.get(pid);
      if (!s) present.set(pid, (s = new Set()));
      s.add(r.sample_index as number);
    }
    const missing = new Map<number, number[]>();
    for (const p of await this.db.rows('problems', [run.benchmarkId])) {
      const have = present.get(p.id as number);
      const gaps: number[] = [];
      for (let i = 0; i < n; i++) if (!have?.has(i)) gaps.push(i);
      if (gaps.length > 0) missing.set(p.id as number, gaps);
    }
    return missing;
  }
  async sampleIndices(runId: number, problemId: number, options: { includeFailed?: boolean } = {}): Promise<Set<number>> {
    const out = new Set<number>();
    for (const r of await this.db.rows('slotIndicesOfProblem', [runId, problemId])) if (r.ok === 1 || options.includeFailed) out.add(r.sample_index as number);
    return out;
  }
  async sampleTexts(runId: number, problemId: number): Promise<string[]> {
    return (await this.db.rows('textsOfProblem', [runId, problemId])).map((r) => r.text as string);
  }
  async getSample(id: number): Promise<SampleRecord | null> {
    return one(await this.db.row('sampleById', [id]), toSample);
  }
  iterateSamples(runId: number, options: PageOptions & { problemId?: number } = {}): AsyncIterable<SampleRecord> {
    const problemId = options.problemId;
    return this.keysetPages(options, (after, size) =>
      problemId === undefined
        ? this.db.rows('samplePage', [runId, after.problem, after.index, size])
        : this.db.rows('samplePageOfProblem', [runId, problemId, after.index, size]),
    );
  }
  unverifiedSamples(runId: number, key: VerifierKey, options: PageOptions & { problemId?: number } = {}): AsyncIterable<SampleRecord> {
    const problemId = options.problemId;
    return this.keysetPages(options, (after, size) =>
      problemId === undefined
        ? this.db.rows('unverifiedPage', [runId, after.problem, after.index, key.verifier, key.policy, key.version, size])
        : this.db.rows('unverifiedPageOfProblem', [runId, problemId, after.index, key.verifier, key.policy, key.version, size]),
    );
  }

  // Verdicts and scores
  /**
   * New verdicts are inserted; one identical to the stored verdict (same correctness and extracted
   * answer) counts as unchanged; one that differs is refused — with the whole batch — by a
   * VerdictConflictError, because silently replacing a grade is how an import once lost a seed's
   * results. All in one transaction: a refused batch writes nothing.
   */
  async putVerdicts(batch: readonly VerdictInput[]): Promise<WriteResult> {
    if (batch.length === 0) return { written: 0, unchanged: 0 };
    const now = Date.now();
    return this.db.transaction(async (tx) => {
      const results = await tx.batch(
        batch.map((v) => [
          'insertVerdict',
          [v.sampleId, v.verifier, v.policy, v.version, v.correct ? 1 : 0, v.extracted, v.reason, v.durationMs, canonicalJson(v.detail ?? null), now],
        ]),
      );
      let written = 0;
      for (const [i, r] of results.entries()) {
        if (r.changes === 1) {
          written++;
          continue;
        }
        const v = batch[i];
        const stored = (await tx.row('verdictOfSample', [v.sampleId, v.verifier, v.policy, v.version]))!;
        if (Number(stored.correct) !== (v.correct ? 1 : 0) || (stored.extracted ?? null) !== v.extracted) {
          throw new VerdictConflictError(v, { correct: Number(stored.correct) === 1, extracted: (stored.extracted as string | null) ?? null });
        }
      }
      return { written, unchanged: batch.length - written };
    });
  }
  async listVerifierKeys(runId?: number): Promise<VerifierKey[]> {
    const rows = runId === undefined ? await this.db.rows('verifierKeys') : await this.db.rows('verifierKeysOfRun', [runId, runId]);
    return rows.map((r) => ({ verifier: r.verifier as string, policy: r.policy as string, version: r.version as string }));
  }
  async loadOutcomes(runId: number, key: VerifierKey): Promise<ProblemOutcome[]> {
    const run = await this.requireRun(runId);
    if (run.countsOnly) {
      return (await this.db.rows('countOutcomes', [key.verifier, key.policy, key.version, runId])).map((r) => ({
        problemId: r.problem_key as string,
        n: Number(r.n),
        c: Number(r.c),
      }));
    }
    const byProblem = new Map<string, { scores: (0 | 1)[]; answers: (string | null)[] }>();
    for (const r of await this.db.rows('outcomes', [key.verifier, key.policy, key.version, runId])) {
      const id = r.problem_key as string;
      let o = byProblem.get(id);
      if (!o) byProblem.set(id, (o = { scores: [], answers: [] }));
      o.scores.push(r.correct === 1 ? 1 : 0);
      o.answers.push((r.extracted as string | null) ?? null);
    }
    return [...byProblem].map(([problemId, o]) => ({
      problemId,
      n: o.scores.length,
      c: o.scores.reduce<number>((a, v) => a + v, 0),
      scores: o.scores,
      answers: o.answers,
    }));
  }
  async putProblemCounts(batch: readonly ProblemCountInput[]): Promise<WriteResult> {
    for (const [i, p] of batch.entries()) {
      if (!Number.isInteger(p.n) || p.n < 1 || !Number.isInteger(p.c) || p.c < 0 || p.c > p.n)
        throw new InputError(`counts must be integers with n ≥ 1 and 0 ≤ c ≤ n (got n=${p.n}, c=${p.c})`, { field: `counts[${i}]` });
    }
    return countWritten(
      await this.db.batch(batch.map((p): Statement => ['insertProblemCount', [p.runId, p.problemId, p.importId, p.verifier, p.policy, p.version, p.n, p.c]])),
    );
  }
  async countedProblems(runId: number): Promise<Set<number>> {
    return new Set((await this.db.rows('countedProblemsOfRun', [runId])).map((r) => Number(r.problem_id)));
  }

  // Imports
  async recordImport(input: ImportInput): Promise<{ record: ImportRecord; created: boolean }> {
    const changes = await this.db.changes('insertImport', [
      input.runId,
      input.format,
      input.file,
      input.contentHash,
      input.samples,
      input.firstSampleIndex,
      input.countsOnly ? 1 : 0,
      canonicalJson(input.settings ?? {}),
      Date.now(),
    ]);
    return { record: toImport((await this.db.row('importByHash', [input.runId, input.contentHash]))!), created: changes === 1 };
  }
  async findImports(contentHash: string): Promise<ImportRecord[]> {
    return (await this.db.rows('importsByHash', [contentHash])).map(toImport);
  }
  async listImports(runId?: number): Promise<ImportRecord[]> {
    return (runId === undefined ? await this.db.rows('imports') : await this.db.rows('importsOfRun', [runId])).map(toImport);
  }
  async slotsInRange(
    runId: number,
    problemId: number,
    from: number,
    to: number,
    options: { texts?: boolean } = {},
  ): Promise<{ id: number; sampleIndex: number; text: string | null }[]> {
    const rows = await this.db.rows(options.texts === false ? 'slotIdsInRange' : 'slotsInRange', [runId, problemId, from, to]);
    return rows.map((r) => ({ id: Number(r.id), sampleIndex: Number(r.sample_index), text: (r.text ?? null) as string | null }));
  }
  async sampleIndexRanges(runId: number): Promise<Map<number, { lo: number; hi: number; slots: number }>> {
    const out = new Map<number, { lo: number; hi: number; slots: number }>();
    for (const r of await this.db.rows('sampleIndexRange', [runId]))
      out.set(Number(r.problem_id), { lo: Number(r.lo), hi: Number(r.hi), slots: Number(r.slots) });
    return out;
  }
  async putScores(batch: readonly ScoreInput[]): Promise<WriteResult> {
    const now = Date.now();
    await this.db.batch(batch.map((s) => ['upsertScore', [s.scorerModelId, s.sampleId, s.tokenCount, s.nllSum, s.byteCount, s.entropy ?? null, now]]));
    return { written: batch.length, unchanged: 0 };
  }
  async loadScores(runId: number, scorerModelId: number): Promise<ScoredSample[]> {
    return (await this.db.rows('scoresOfRun', [runId, scorerModelId])).map(toScoredSample);
  }
  async runProgress(runId: number, key?: VerifierKey): Promise<RunProgress> {
    const run = await this.requireRun(runId);
    const s = (await this.db.row('progressSamples', [runId]))!;
    const p = (await this.db.row('progressProblems', [run.benchmarkId]))!;
    const progress: RunProgress = {
      runId,
      targetN: run.targetN,
      problems: p.problems as number,
      samples: s.samples as number,
      failedSlots: s.failed as number,
    };
    if (key) {
      const v = (await this.db.row(run.countsOnly ? 'progressCounts' : 'progressVerdicts', [runId, key.verifier, key.policy, key.version]))!;
      progress.verified = Number(v.verified);
      progress.correct = Number(v.correct);
    }
    return progress;
  }

  // Per-sample table
  async *iterateSampleTable(options: PageOptions & { runId?: number; verifier?: VerifierKey } = {}): AsyncIterable<SampleTableRow> {
    const size = pageSize(options);
    const key = options.verifier;
    const run = options.runId ?? null;
    let after = 0;
    for (;;) {
      const rows = await this.db.rows('sampleTablePage', [key?.verifier ?? null, key?.policy ?? null, key?.version ?? null, after, run, run, size]);
      for (const r of rows) yield toSampleTableRow(r);
      if (rows.length < size) return;
      after = rows[rows.length - 1].sample_id as number;
    }
  }

  // Lab lineage
  async putLabCheckpoint(input: LabCheckpointInput): Promise<LabCheckpointRecord> {
    let parentId: number | null = null;
    if (input.parentName) {
      const parent = await this.db.row('checkpointByName', [input.parentName]);
      if (!parent) throw new InputError(`parent checkpoint ${JSON.stringify(input.parentName)} does not exist`, { field: 'parentName' });
      parentId = parent.id as number;
    }
    await this.db.changes('upsertCheckpoint', [
      input.name,
      parentId,
      input.stage,
      input.algorithm ?? null,
      input.step ?? null,
      input.path ?? null,
      canonicalJson(input.config ?? {}),
      canonicalJson(input.metrics ?? {}),
      Date.now(),
    ]);
    return toCheckpoint((await this.db.row('checkpointByName', [input.name]))!);
  }
  async getLabCheckpoint(name: string): Promise<LabCheckpointRecord | null> {
    return one(await this.db.row('checkpointByName', [name]), toCheckpoint);
  }
  async listLabCheckpoints(): Promise<LabCheckpointRecord[]> {
    return (await this.db.rows('checkpoints')).map(toCheckpoint);
  }

  // Reviews
  async putReview(input: ReviewInput): Promise<ReviewRecord> {
    await this.db.changes('upsertReview', [input.sampleId, input.reviewer, input.verdict, input.note ?? '', Date.now()]);
    return toReview((await this.db.row('reviewBySampleReviewer', [input.sampleId, input.reviewer]))!);
  }
  async listReviews(options: { runId?: number } = {}): Promise<ReviewRecord[]> {
    const rows = options.runId === undefined ? await this.db.rows('reviews') : await this.db.rows('reviewsOfRun', [options.runId]);
    return rows.map(toReview);
  }

  // Helpers
  /** Keyset pagination over (problem, sample index): no cursor stays open between pages. */
  private async *keysetPages(
    options: PageOptions,
    page: (after: { problem: number; index: number }, size: number) => Promise<Row[]>,
  ): AsyncIterable<SampleRecord> {
    const size = pageSize(options);
    const after = { problem: -1, index: -1 };
    for (;;) {
      const rows = await page(after, size);
      for (const r of rows) yield toSample(r);
      if (rows.length < size) return;
      const last = rows[rows.length - 1];
      after.problem = last.problem_id as number;
      after.index = last.sample_index as number;
    }
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

const one = <T>(row: Row | null, map: (r: Row) => T): T | null => (row === null ? null : map(row));

function runIdentity(input: Omit<RunInput, 'targetN' | 'label'>): SqlValue[] {
  return [input.modelId, input.benchmarkId, canonicalJson(input.sampling), input.baseSeed, input.promptTemplateHash];
}

/** Written and unchanged rows of a batch of inserts that skip rows already present. */
function countWritten(results: readonly StatementResult[]): WriteResult {
  let written = 0;
  for (const r of results) written += r.changes;
  return { written, unchanged: results.length - written };
}

function pageSize(o: PageOptions): number {
  const size = o.pageSize ?? DEFAULT_PAGE;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`page size must be a positive integer (got ${size})`);
  return size;
}
