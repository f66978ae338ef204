import { createHash } from 'node:crypto';
import path from 'node:path';
import { InputError } from '../../errors.js';
import type { JsonObject } from '../json.js';
import { sampleSeed } from '../seed.js';
import type { StudyStore } from '../store.js';
import type { ModelRecord, ModelRole, ProblemCountInput, RunRecord, SampleInput, VerdictInput, VerifierKey } from '../types.js';
import { fileSha256 } from './file-hash.js';
import { readerFor } from './formats.js';
import type { ImportPart, ImportedProblem } from './imported.js';
import { ProblemMatcher, type BuiltinResolver, type MatchedBy } from './match-problems.js';

/** What to import and how to pool it (the `rlbound import` flags). */
export interface ImportRequest {
  /** Files or folders, each read by `format` (default "auto": detected per path). */
  inputs: readonly string[];
  format?: string;
  /** The model the results belong to; wins over a name the file gives. */
  model?: string;
  role?: ModelRole;
  /** A built-in benchmark to match the problems to, or the name of the file's own benchmark. */
  benchmark?: string;
  /** Sampling settings the files lack (temperature, top_p, max_tokens, n, seed, engine). */
  sampling?: JsonObject;
  /** Put the samples after those already stored for each run (the next free slots). */
  append?: boolean;
  /** Put the samples from this slot on (instead of 0). */
  sampleOffset?: number;
  /** Do everything, report it, and write nothing. */
  dryRun?: boolean;
  /** Registers built-in benchmarks; without it every import gets the file's own benchmark. */
  builtin?: BuiltinResolver;
}

/** What one part of the input did (or, in a dry run, would do). */
export interface PartReport {
  file: string;
  format: string;
  model: string;
  benchmark: string;
  /** True when the problems belong to a built-in benchmark (ids and gold answers from it). */
  builtinBenchmark: boolean;
  runId: number | null;
  status: 'imported' | 'unchanged' | 'would-import';
  problems: number;
  matched: Record<MatchedBy, number>;
  samples: number;
  /** Samples whose source verdict was stored (under `verdictKey`). */
  sourceVerdicts: number;
  /** Samples without a source verdict: they need re-grading to count. */
  toRegrade: number;
  firstSampleIndex: number;
  countsOnly: boolean;
  verdictKey: VerifierKey | null;
  settings: JsonObject;
  contentHash: string;
}

/** Thrown inside a dry run's transaction to roll it back, carrying what it found. */
class DryRunRollback extends Error {
  constructor(readonly reports: PartReport[]) {
    super('dry run');
  }
}

/** Settings that define the sampling distribution, and so the run; the rest stay with the import record. */
const RUN_IDENTITY = ['temperature', 'top_p', 'max_tokens'] as const;

/** Verifier key of a source's own verdicts: `import/<format>@1`, beside rlbound's re-grading. */
export const sourceVerdictKey = (format: string): VerifierKey => ({ verifier: 'import', policy: format, version: '1' });

/**
 * Imports results produced elsewhere into a study, all in one transaction: every part of every
 * input lands, or — on any bad row, unmatched problem or conflict — nothing does and the error
 * names file, line and field (exit 2). Re-importing content already imported for the same model
 * is a no-op. Samples go to slots 0… unless `append` (the next free slots) or `sampleOffset`;
 * math_eval seed files pool by themselves. Slots that already hold other texts or other verdicts
 * are refused, never overwritten.
 */
export async function importResults(store: StudyStore, request: ImportRequest): Promise<PartReport[]> {
  const parts: ImportPart[] = [];
  for (const input of request.inputs) parts.push(...(await (await readerFor(input, request.format ?? 'auto')).parts(input)));
  const hashes = await Promise.all(parts.map(contentHashOf));
  try {
    return await store.transaction(async (tx) => {
      // Started afresh on every attempt (PostgreSQL may run a transaction again).
      const reports: PartReport[] = [];
      const matchers = new Map<string, ProblemMatcher>();
      for (const [i, part] of parts.entries()) reports.push(await importPart(tx, part, hashes[i]!, request, matchers));
      if (request.dryRun) throw new DryRunRollback(reports.map((r) => ({ ...r, status: r.status === 'imported' ? 'would-import' : r.status })));
      return reports;
    });
  } catch (err) {
    if (err instanceof DryRunRollback) return err.reports;
    throw err;
  }
}

async function contentHashOf(part: ImportPart): Promise<string> {
  const files = part.sources ?? [part.file];
  const digests = await Promise.all(files.map(fileSha256));
  if (digests.length === 1 && part.partId === '') return digests[0]!;
  return createHash('sha256')
    .update(`${digests.join('\n')}\n${part.partId}`)
    .digest('hex');
}

async function importPart(
  store: StudyStore,
  part: ImportPart,
  contentHash: string,
  request: ImportRequest,
  matchers: Map<string, ProblemMatcher>,
): Promise<PartReport> {
  const baseName = request.model ?? part.model;
  if (baseName === null || baseName === undefined)
    throw new InputError('the file does not name its model; give --model', { file: part.file, field: '--model' });
  const modelName = part.step === null ? baseName : `${baseName}@step${part.step}`;
  const model = await store.putModel({
    name: modelName,
    provider: 'import',
    info: { imported_format: part.format, ...(part.step !== null ? { step: part.step, series: baseName } : {}) },
  });
  if (request.role !== undefined) await store.setModelRole(model.id, request.role);
  // A checkpoint of a series: the lineage table is what the training-step analyses read.
  if (part.step !== null && (await store.getLabCheckpoint(modelName)) === null)
    await store.putLabCheckpoint({ name: modelName, stage: 'rl', step: part.step, config: { imported_format: part.format, series: baseName } });

  const settings: JsonObject = { ...(request.sampling ?? {}), ...part.settings };
  const verdictKey = part.verdictKey ?? sourceVerdictKey(part.format);
  const report: PartReport = {
    file: part.file,
    format: part.format,
    model: modelName,
    benchmark: '',
    builtinBenchmark: false,
    runId: null,
    status: 'imported',
    problems: 0,
    matched: { key: 0, text: 0, index: 0, new: 0 },
    samples: 0,
    sourceVerdicts: 0,
    toRegrade: 0,
    firstSampleIndex: 0,
    countsOnly: false,
    verdictKey: null,
    settings,
    contentHash,
  };

  const earlier = await sameContentImport(store, contentHash, model);
  if (earlier !== null) {
    const run = (await store.getRun(earlier.runId))!;
    const bench = (await store.getBenchmarkById(run.benchmarkId))!;
    return {
      ...report,
      status: 'unchanged',
      runId: run.id,
      benchmark: bench.name,
      samples: earlier.samples,
      firstSampleIndex: earlier.firstSampleIndex,
      countsOnly: earlier.countsOnly,
    };
  }

  const matcher = await matcherFor(store, part, request, matchers);
  report.benchmark = matcher.benchmark.name;
  report.builtinBenchmark = matcher.builtin;
  const before = { ...matcher.counts };

  let run: RunRecord | null = null;
  let offset = 0;
  let highest = 0;
  let counted: Set<number> | null = null;
  const counts: Omit<ProblemCountInput, 'importId'>[] = [];
  const seenKeys = new Map<string, number>();
  for await (const row of part.problems()) {
    const first = seenKeys.get(row.key);
    if (first !== undefined)
      throw new InputError(`problem ${JSON.stringify(row.key)} appears twice in this file (first on line ${first})`, { file: row.file, line: row.line });
    seenKeys.set(row.key, row.line);
    const matched = await matcher.match(store, row);
    if (matched === null)
      throw new InputError(
        `matches no problem of benchmark ${JSON.stringify(matcher.benchmark.name)} (by id, text or index); name the right benchmark with --benchmark, or another name to keep the file's own problems`,
        { file: row.file, line: row.line, field: 'problem' },
      );
    if (run === null) {
      run = await runFor(store, model, matcher, settings, row.counts !== null, part);
      offset = await firstSlot(store, run, part, request);
      report.runId = run.id;
      report.countsOnly = run.countsOnly;
      report.firstSampleIndex = offset;
      report.verdictKey = verdictKey;
    }
    report.problems++;
    if (row.counts !== null) {
      if (!run.countsOnly) throw new InputError('counts in a file whose other rows hold samples', { file: row.file, line: row.line });
      counted ??= await store.countedProblems(run.id);
      if (counted.has(matched.problem.id) && !request.append && request.sampleOffset === undefined) {
        throw new InputError(`problem ${JSON.stringify(matched.problem.key)} of this run already has counts from another import; pool them with --append`, {
          file: row.file,
          line: row.line,
          field: 'problem',
        });
      }
      counts.push({ ...verdictKey, runId: run.id, problemId: matched.problem.id, n: row.counts.n, c: row.counts.c });
      report.samples += row.counts.n;
      report.sourceVerdicts += row.counts.n;
      highest = Math.max(highest, row.counts.n);
      continue;
    }
    if (run.countsOnly) throw new InputError('samples in a file whose other rows are counts', { file: row.file, line: row.line });
    const written = await writeSamples(store, run, matched.problem.id, matched.problem.index, row, offset, verdictKey, request);
    report.samples += written.samples;
    report.sourceVerdicts += written.verdicts;
    report.toRegrade += written.samples - written.verdicts;
    highest = Math.max(highest, written.end);
  }
  if (run === null) throw new InputError('no results in this file', { file: part.file });
  for (const k of Object.keys(before) as MatchedBy[]) report.matched[k] = matcher.counts[k] - before[k];

  const { record } = await store.recordImport({
    runId: run.id,
    format: part.format,
    file: part.file,
    contentHash,
    samples: report.samples,
    firstSampleIndex: offset,
    countsOnly: run.countsOnly,
    settings: { ...settings, ...(part.partId ? { part: part.partId } : {}) },
  });
  if (counts.length > 0) await store.putProblemCounts(counts.map((c) => ({ ...c, importId: record.id })));
  if (highest > run.targetN) await store.setRunTargetN(run.id, highest);
  return report;
}

/** An earlier import of the same bytes for the same model: re-importing it changes nothing. */
async function sameContentImport(store: StudyStore, contentHash: string, model: ModelRecord) {
  for (const imp of await store.findImports(contentHash)) {
    const run = await store.getRun(imp.runId);
    if (run !== null && run.modelId === model.id) return imp;
  }
  return null;
}

async function matcherFor(store: StudyStore, part: ImportPart, request: ImportRequest, matchers: Map<string, ProblemMatcher>): Promise<ProblemMatcher> {
  const explicit = request.benchmark !== undefined;
  const name = request.benchmark ?? part.dataset ?? path.basename(part.file).replace(/\.[^.]+$/, '');
  const cached = matchers.get(name);
  if (cached) return cached;
  let matcher: ProblemMatcher | null = null;
  const builtin = request.builtin === undefined ? null : await request.builtin(store, name, explicit);
  if (builtin !== null) matcher = new ProblemMatcher(builtin.benchmark, builtin.problems, true);
  if (matcher === null) {
    // The file's own problems, gathered under one benchmark per name across imports.
    const existing = await store.getBenchmark(name);
    const bench = existing ?? (await store.putBenchmark({ name, source: `import:${part.format}`, contentHash: `import:${name}` }));
    matcher = new ProblemMatcher(bench, await store.listProblems(bench.id), false);
  }
  matchers.set(name, matcher);
  return matcher;
}

async function runFor(
  store: StudyStore,
  model: ModelRecord,
  matcher: ProblemMatcher,
  settings: JsonObject,
  countsOnly: boolean,
  part: ImportPart,
): Promise<RunRecord> {
  const sampling: JsonObject = {};
  for (const k of RUN_IDENTITY) if (settings[k] !== undefined) sampling[k] = settings[k]!;
  const { run } = await store.findOrCreateRun({
    modelId: model.id,
    benchmarkId: matcher.benchmark.id,
    sampling,
    targetN: 1,
    baseSeed: 0,
    promptTemplateHash: 'import',
    countsOnly,
  });
  if (run.countsOnly !== countsOnly) {
    throw new InputError(
      `run ${run.id} of ${model.name} on ${matcher.benchmark.name} holds ${run.countsOnly ? 'counts only' : 'samples'}; this file has ${countsOnly ? 'counts' : 'samples'} (import it under another --model)`,
      { file: part.file },
    );
  }
  return run;
}

/** The first slot this part writes: 0, the explicit offset, or after everything stored (append; math_eval seeds). */
async function firstSlot(store: StudyStore, run: RunRecord, part: ImportPart, request: ImportRequest): Promise<number> {
  if (part.poolsBySeed && part.seed !== null) {
    const same = (await store.listImports(run.id)).find((i) => i.settings.seed === part.seed);
    if (same !== undefined)
      throw new InputError(`seed ${part.seed} of this run was already imported from ${same.file} with other content; refusing to pool the same seed twice`, {
        file: part.file,
      });
  }
  if (request.sampleOffset !== undefined) return request.sampleOffset;
  if (!request.append && !part.poolsBySeed) return 0;
  let next = 0;
  for (const r of (await store.sampleIndexRanges(run.id)).values()) next = Math.max(next, r.hi + 1);
  return next;
}

/**
 * Writes one problem's samples and the source's verdicts. Slots that already hold a sample must
 * hold the same text (then only the verdict is compared, by putVerdicts); anything else is a
 * conflict, refused with the slots that are free.
 */
async function writeSamples(
  store: StudyStore,
  run: RunRecord,
  problemId: number,
  problemIndex: number,
  row: ImportedProblem,
  offset: number,
  key: VerifierKey,
  request: ImportRequest,
): Promise<{ samples: number; verdicts: number; end: number }> {
  const samples = row.samples!;
  const slotOf = (i: number): number => (samples[i]!.slot?.index ?? 0) + (samples[i]!.slot ? (request.sampleOffset ?? 0) : offset + i);
  const lo = slotOf(0);
  let hi = lo;
  for (let i = 0; i < samples.length; i++) hi = Math.max(hi, slotOf(i));
  const occupied = await store.slotsInRange(run.id, problemId, lo, hi + 1);
  if (occupied.length > 0) {
    const wanted = new Map(samples.map((s, i) => [slotOf(i), s.text] as const));
    // An empty text says nothing about which sample it was (0/1 score lists carry none), so it
    // never counts as the same sample: two seeds' score lists must not merge into one.
    const clash = occupied.find((o) => wanted.has(o.sampleIndex) && (o.text === null || o.text === '' || o.text !== wanted.get(o.sampleIndex)));
    if (clash !== undefined) {
      const ranges = await store.sampleIndexRanges(run.id);
      const next = Math.max(...[...ranges.values()].map((r) => r.hi + 1));
      throw new InputError(
        `slot ${clash.sampleIndex} of problem ${JSON.stringify(row.key)} already holds another sample of this run; nothing was imported. Pool the samples with --append (the next free slot is ${next}) or --sample-offset`,
        { file: row.file, line: row.line },
      );
    }
  }
  const inputs: SampleInput[] = samples.map((s, i) => ({
    runId: run.id,
    problemId,
    sampleIndex: slotOf(i),
    seed: s.slot?.seed ?? sampleSeed(run.baseSeed, problemIndex, slotOf(i)),
    text: s.text,
    finishReason: s.finishReason ?? 'imported',
    completionTokens: s.completionTokens ?? null,
  }));
  await store.insertSamples(inputs);
  const verdicts: VerdictInput[] = [];
  if (samples.some((s) => s.verdict !== undefined)) {
    const ids = new Map((await store.slotsInRange(run.id, problemId, lo, hi + 1, { texts: false })).map((s) => [s.sampleIndex, s.id] as const));
    const reason = `imported from ${path.basename(row.file)}`;
    for (let i = 0; i < samples.length; i++) {
      const v = samples[i]!.verdict;
      if (v !== undefined)
        verdicts.push({
          verifier: key.verifier,
          policy: key.policy,
          version: key.version,
          sampleId: ids.get(slotOf(i))!,
          correct: v.correct,
          extracted: v.extracted,
          reason,
          durationMs: 0,
        });
    }
    await store.putVerdicts(verdicts);
  }
  return { samples: samples.length, verdicts: verdicts.length, end: hi + 1 };
}
