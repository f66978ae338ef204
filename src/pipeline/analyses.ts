import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { datasetPassAtK, type ProblemOutcome } from '../analyze/index.js';
import { ruleStops } from '../sample/prompt-source.js';
import { sampleRun } from '../sample/sample-run.js';
import { openProvider } from '../sample/open-provider.js';
import type { StudyStore } from '../study/store.js';
import type { VerifierKey } from '../study/types.js';
import { promptRuleFor } from './prompt-rule.js';
import type { StudyRunRef, StudyVerifiers } from './run-study.js';
import type { StudyFile } from './study-file.js';
import { verifierKey, verifyRun } from './verify-stage.js';

/**
 * The paper's auxiliary analyses that need more than the main runs:
 *  - guessability (App. D.2): sample the first model with a no-reasoning template; a problem it
 *    solves that way at least once is "guessable", and every model's pass@k is also reported on
 *    the non-guessable rest;
 *  - the CoT inspection queue (§3.1): the correct responses to problems a model solves rarely
 *    (0 < c/n < max_rate), for a person to check whether the reasoning holds; verdicts go to the
 *    store's reviews (`rlbound review`).
 */
export interface GuessabilityResult {
  benchmark: string;
  model: string;
  guessRunId: number;
  guessable: string[];
  /** pass@k (powers of two) of every model on the problems that are not guessable. */
  nonGuessablePassAtK: Record<string, { k: number[]; passAtK: number[]; problems: number }>;
}

export interface CotQueueItem {
  runId: number;
  model: string;
  benchmark: string;
  problem: string;
  sampleId: number;
  sampleIndex: number;
  accuracy: number;
  response: string;
}

export interface AnalysesResult {
  guessability: GuessabilityResult[];
  cotQueue: { items: number; file: string } | null;
  files: string[];
}

async function keyOf(store: StudyStore, runId: number): Promise<VerifierKey | undefined> {
  return (await store.listVerifierKeys(runId))[0];
}

export async function runAnalyses(o: {
  store: StudyStore;
  study: StudyFile;
  baseDir: string;
  runs: readonly StudyRunRef[];
  verifiers: StudyVerifiers;
  outDir: string;
  signal?: AbortSignal;
}): Promise<AnalysesResult> {
  const { store, study } = o;
  const result: AnalysesResult = { guessability: [], cotQueue: null, files: [] };
  const a = study.analyses;
  if (a.guessability === undefined && a.cot_queue === undefined) return result;
  await mkdir(o.outDir, { recursive: true });

  if (a.guessability !== undefined) {
    const model = study.models[0];
    const mathRuns = o.runs.filter((r) => r.model === model.name);
    for (const r of mathRuns) {
      const run = await store.getRun(r.runId);
      const benchmark = run === null ? null : await store.getBenchmarkById(run.benchmarkId);
      if (run === null || benchmark === null) continue;
      const key = await keyOf(store, r.runId);
      if (key === undefined || key.verifier !== 'math') continue;
      const rule = await promptRuleFor(a.guessability.template, model.api, undefined, 'analyses.guessability.template');
      const opened = openProvider({ endpoint: Array.isArray(model.endpoint) ? model.endpoint[0] : model.endpoint, checkpoint: model.checkpoint === undefined ? undefined : path.resolve(o.baseDir, model.checkpoint), servedName: model.served_name ?? model.name, api: model.api, apiKeyEnv: model.api_key_env });
      let guessRunId: number;
      try {
        const sampling = run.sampling as { temperature?: number; top_p?: number };
        const res = await sampleRun({
          store, provider: opened.provider, modelName: model.name, servedName: model.served_name ?? model.name, providerKind: opened.kind, endpoint: opened.location,
          benchmarkId: benchmark.id, problems: await store.listProblems(benchmark.id), rule, n: a.guessability.n,
          params: { temperature: sampling.temperature ?? 0.6, topP: sampling.top_p ?? 0.95, maxTokens: 64, stop: ruleStops(rule) },
          baseSeed: run.baseSeed, concurrency: 16, signal: o.signal,
        });
        guessRunId = res.run.id;
      } finally {
        opened.close();
      }
      await verifyRun({ store, runId: guessRunId, verifier: 'math', policy: key.policy === 'paper' ? 'paper' : 'strict', pool: o.verifiers.mathPool() });
      const guessOutcomes = await store.loadOutcomes(guessRunId, verifierKey({ verifier: 'math', policy: key.policy === 'paper' ? 'paper' : 'strict' }));
      const guessable = new Set(guessOutcomes.filter((g) => g.c > 0).map((g) => g.problemId));
      const nonGuessablePassAtK: GuessabilityResult['nonGuessablePassAtK'] = {};
      for (const other of o.runs.filter((x) => x.benchmark === r.benchmark)) {
        const k2 = await keyOf(store, other.runId);
        if (k2 === undefined) continue;
        const rest: ProblemOutcome[] = (await store.loadOutcomes(other.runId, k2)).filter((p) => !guessable.has(p.problemId));
        if (rest.length === 0) continue;
        const curve = datasetPassAtK(rest, 'pow2');
        nonGuessablePassAtK[other.model] = { k: curve.k, passAtK: curve.passAtK, problems: rest.length };
      }
      result.guessability.push({ benchmark: r.benchmark, model: model.name, guessRunId, guessable: [...guessable], nonGuessablePassAtK });
    }
    const file = path.join(o.outDir, 'guessability.json');
    await writeFile(file, JSON.stringify(result.guessability, null, 1));
    result.files.push(file);
  }

  if (a.cot_queue !== undefined) {
    const items: CotQueueItem[] = [];
    for (const r of o.runs) {
      const key = await keyOf(store, r.runId);
      if (key === undefined) continue;
      const outcomes = await store.loadOutcomes(r.runId, key);
      const rare = new Set(outcomes.filter((p) => p.c > 0 && p.c / p.n < a.cot_queue!.max_rate).map((p) => p.problemId));
      if (rare.size === 0) continue;
      const rates = new Map(outcomes.map((p) => [p.problemId, p.c / p.n]));
      for await (const row of store.iterateSampleTable({ runId: r.runId, verifier: key })) {
        if (!rare.has(row.problem) || row.correct !== true || row.text === null) continue;
        items.push({ runId: r.runId, model: r.model, benchmark: r.benchmark, problem: row.problem, sampleId: row.sampleId, sampleIndex: row.sampleIndex, accuracy: rates.get(row.problem) ?? 0, response: row.text });
      }
    }
    const file = path.join(o.outDir, 'cot-queue.jsonl');
    await writeFile(file, items.map((i) => JSON.stringify(i)).join('\n') + (items.length > 0 ? '\n' : ''));
    result.cotQueue = { items: items.length, file };
    result.files.push(file);
  }
  return result;
}
