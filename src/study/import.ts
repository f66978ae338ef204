import path from 'node:path';
import { InputError } from '../errors.js';
import { sha256Hex, type JsonObject } from './json.js';
import { readResultsFile, type ParsedProblem } from './results-jsonl.js';
import { sampleSeed } from './seed.js';
import type { StudyStore } from './store.js';
import type { ProblemRecord, RunRecord, SampleInput, VerdictInput, VerifierKey } from './types.js';

/** Verdicts of imported results are stored under this key unless the caller names another. */
export const IMPORTED_VERIFIER: VerifierKey = { verifier: 'import', policy: 'as-recorded', version: '1' };

export interface ImportOptions {
  /** Name of the model the results belong to (created if absent). */
  model: string;
  /** Benchmark name. If the study already has it, problems are matched by key; otherwise it is created from the file. */
  benchmark?: string;
  /** Identifies the run (with model and benchmark); default {"source": "import"}. */
  sampling?: JsonObject;
  /** First sample index to use, to pool several files (e.g. one per seed) into one run. Default 0. */
  sampleOffset?: number;
  verifier?: VerifierKey;
}

export interface ImportResult {
  run: RunRecord;
  problems: number;
  samplesWritten: number;
  samplesUnchanged: number;
  verifier: VerifierKey;
}

/**
 * Imports per-sample results produced elsewhere (JSONL; see results-jsonl.ts for the row forms,
 * including the paper's 0/1 score lists) as a run with samples and verdicts, so every analysis
 * and report works on them. Idempotent: importing the same file again writes no new samples.
 */
export async function importResultsJsonl(store: StudyStore, file: string, options: ImportOptions): Promise<ImportResult> {
  const parsed = await readResultsFile(file);
  const counted = parsed.find((p) => p.scores === undefined);
  if (counted) throw new InputError(`only counts (n, c) for problem ${JSON.stringify(counted.problemId)}; importing needs per-sample results (a "scores" list or one row per sample)`, { file, line: counted.line });
  const offset = options.sampleOffset ?? 0;
  const verifier = options.verifier ?? IMPORTED_VERIFIER;

  const model = await store.putModel({ name: options.model, provider: 'import' });
  const problems = await problemsFor(store, file, options.benchmark ?? path.basename(file).replace(/\.jsonl$/i, ''), parsed);
  const benchmarkId = problems.values().next().value!.benchmarkId;
  const targetN = offset + Math.max(...parsed.map((p) => p.n));
  const { run } = await store.findOrCreateRun({ modelId: model.id, benchmarkId, sampling: options.sampling ?? { source: 'import' }, targetN, baseSeed: 0, promptTemplateHash: 'import' });

  let written = 0;
  let unchanged = 0;
  for (const p of parsed) {
    const problem = problems.get(p.problemId)!;
    const samples: SampleInput[] = p.scores!.map((_, i) => ({
      runId: run.id,
      problemId: problem.id,
      sampleIndex: offset + i,
      seed: sampleSeed(run.baseSeed, problem.index, offset + i),
      text: p.texts?.[i] ?? '',
      finishReason: 'imported',
    }));
    const r = await store.insertSamples(samples);
    written += r.written;
    unchanged += r.unchanged;
    const verdicts: VerdictInput[] = [];
    for await (const s of store.iterateSamples(run.id, { problemId: problem.id })) {
      const i = s.sampleIndex - offset;
      if (i < 0 || i >= p.n) continue;
      verdicts.push({ ...verifier, sampleId: s.id, correct: p.scores![i] === 1, extracted: p.answers?.[i] ?? null, reason: `imported from ${path.basename(file)}`, durationMs: 0 });
    }
    await store.putVerdicts(verdicts);
  }
  return { run, problems: parsed.length, samplesWritten: written, samplesUnchanged: unchanged, verifier };
}

/** Problems of the named benchmark by key: the study's own when it has the benchmark, else created from the file. */
async function problemsFor(store: StudyStore, file: string, name: string, parsed: ParsedProblem[]): Promise<Map<string, ProblemRecord>> {
  let bench = await store.getBenchmark(name);
  if (!bench) {
    const hash = sha256Hex(parsed.map((p) => p.problemId).join('\n'));
    bench = await store.putBenchmark({ name, source: `import:${file}`, contentHash: hash });
    await store.putProblems(bench.id, parsed.map((p, index) => ({ index, key: p.problemId, prompt: '' })));
  }
  const byKey = new Map((await store.listProblems(bench.id)).map((p) => [p.key, p] as const));
  for (const p of parsed) if (!byKey.has(p.problemId)) throw new InputError(`problem ${JSON.stringify(p.problemId)} is not in benchmark ${JSON.stringify(name)} of this study`, { file, line: p.line, field: 'problem' });
  return byKey;
}
