import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { datasetPassAtK, snakeCaseKeys, type ProblemOutcome } from '../analyze/index.js';
import { ruleStops } from '../sample/prompt-source.js';
import { sampleRun } from '../sample/sample-run.js';
import { scoreRun } from '../sample/score-run.js';
import type { StudyStore } from '../study/store.js';
import type { VerifierKey } from '../study/types.js';
import type { StudyFile } from '../config/study-file.js';
import { providerFor } from './model-provider.js';
import { promptRuleFor } from '../sample/prompt-rule.js';
import type { StudyPlan } from './plan-study.js';
import type { StudyRunRef } from './run-spec.js';
import { verifyRun, verifyScope } from './verify-stage.js';

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

export interface CheckpointSeriesResult {
  benchmark: string;
  /** In the order the study file lists the checkpoints. */
  points: { model: string; k: number; passAt1: number; passAtK: number }[];
}

export interface TemperatureSweepResult {
  benchmark: string;
  reference: { model: string; temperature: number; entropy: number | null };
  models: {
    model: string;
    runs: { temperature: number; runId: number; entropy: number | null; k: number[]; passAtK: number[] }[];
    /** The sweep temperature whose mean token entropy is closest to the reference's. */
    matchedTemperature: number | null;
  }[];
}

/** An analysis file as scripts read it: snake_case field names (model names, as map keys, unchanged). */
function analysisJson(value: unknown): string {
  return JSON.stringify(snakeCaseKeys(value, new Set(['nonGuessablePassAtK'])), null, 1);
}

export interface AnalysesResult {
  guessability: GuessabilityResult[];
  checkpointSeries: CheckpointSeriesResult[];
  temperatureSweep: TemperatureSweepResult[];
  cotQueue: { items: number; file: string } | null;
  files: string[];
  /** Why an analysis the study asked for produced nothing (or less than asked), one line each. */
  notes: string[];
}

/** The key the plan's verifier stores a run's verdicts under. */
async function keyOf(store: StudyStore, run: StudyRunRef): Promise<VerifierKey> {
  return run.spec.verifier.key(await verifyScope(store, run.runId));
}

export async function runAnalyses(o: {
  store: StudyStore;
  plan: StudyPlan;
  runs: readonly StudyRunRef[];
  outDir: string;
  signal?: AbortSignal;
}): Promise<AnalysesResult> {
  const { store } = o;
  const study = o.plan.study;
  const result: AnalysesResult = { guessability: [], checkpointSeries: [], temperatureSweep: [], cotQueue: null, files: [], notes: [] };
  const a = study.analyses;
  if (a.guessability === undefined && a.cot_queue === undefined && a.checkpoints === undefined && a.temperature_sweep === undefined) return result;
  await mkdir(o.outDir, { recursive: true });

  if (a.guessability !== undefined) {
    const model = o.plan.models[0];
    const guess = a.guessability;
    const firstRuns = o.runs.filter((r) => r.model === model.name);
    if (firstRuns.length === 0) result.notes.push(`guessability: ${model.name} has no sampled run yet`);
    for (const r of firstRuns) {
      const verifier = r.spec.verifier;
      if (verifier.settings.kind !== 'math') {
        result.notes.push(
          `guessability: skipped ${r.benchmark}: a no-reasoning answer can only be checked on math benchmarks (this one uses the ${verifier.settings.kind} verifier)`,
        );
        continue;
      }
      const rule = await promptRuleFor(guess.template, model.api, undefined, 'analyses.guessability.template');
      const opened = providerFor(model);
      let guessRunId: number;
      try {
        const res = await sampleRun({
          store,
          provider: opened.provider,
          modelName: model.name,
          servedName: model.servedName,
          providerKind: model.provider,
          endpoint: model.endpoint,
          benchmarkId: (await store.getRun(r.runId))!.benchmarkId,
          problems: [...(await verifyScope(store, r.runId)).problems.values()],
          rule,
          n: guess.n,
          // A direct answer is short: at most 64 new tokens (and never more than the main run allowed).
          params: { temperature: r.spec.params.temperature, topP: r.spec.params.topP, maxTokens: Math.min(64, r.spec.params.maxTokens), stop: ruleStops(rule) },
          baseSeed: r.spec.baseSeed,
          concurrency: 16,
          signal: o.signal,
        });
        guessRunId = res.run.id;
      } finally {
        opened.close();
      }
      await verifyRun({ store, runId: guessRunId, verifier });
      const guessOutcomes = await store.loadOutcomes(guessRunId, verifier.key(await verifyScope(store, guessRunId)));
      const guessable = new Set(guessOutcomes.filter((g) => g.c > 0).map((g) => g.problemId));
      const nonGuessablePassAtK: GuessabilityResult['nonGuessablePassAtK'] = {};
      for (const other of o.runs.filter((x) => x.benchmark === r.benchmark)) {
        const rest: ProblemOutcome[] = (await store.loadOutcomes(other.runId, await keyOf(store, other))).filter((p) => !guessable.has(p.problemId));
        if (rest.length === 0) continue;
        const curve = datasetPassAtK(rest, 'pow2');
        nonGuessablePassAtK[other.model] = { k: curve.k, passAtK: curve.passAtK, problems: rest.length };
      }
      result.guessability.push({ benchmark: r.benchmark, model: model.name, guessRunId, guessable: [...guessable], nonGuessablePassAtK });
    }
    const file = path.join(o.outDir, 'guessability.json');
    await writeFile(file, analysisJson(result.guessability));
    result.files.push(file);
  }

  if (a.checkpoints !== undefined) {
    result.checkpointSeries = await checkpointSeries(store, o.runs, a.checkpoints.series);
    if (result.checkpointSeries.length === 0) result.notes.push(`checkpoints: none of ${a.checkpoints.series.join(', ')} has a sampled run yet`);
    const file = path.join(o.outDir, 'checkpoint-series.json');
    await writeFile(file, analysisJson(result.checkpointSeries));
    result.files.push(file);
  }

  if (a.temperature_sweep !== undefined) {
    result.temperatureSweep = await temperatureSweep({ ...o, sweep: a.temperature_sweep, notes: result.notes });
    const file = path.join(o.outDir, 'temperature-sweep.json');
    await writeFile(file, analysisJson(result.temperatureSweep));
    result.files.push(file);
  }

  if (a.cot_queue !== undefined) {
    const items: CotQueueItem[] = [];
    for (const r of o.runs) {
      const key = await keyOf(store, r);
      const outcomes = await store.loadOutcomes(r.runId, key);
      const rare = new Set(outcomes.filter((p) => p.c > 0 && p.c / p.n < a.cot_queue!.max_rate).map((p) => p.problemId));
      if (rare.size === 0) continue;
      const rates = new Map(outcomes.map((p) => [p.problemId, p.c / p.n]));
      for await (const row of store.iterateSampleTable({ runId: r.runId, verifier: key })) {
        if (!rare.has(row.problem) || row.correct !== true || row.text === null) continue;
        items.push({
          runId: r.runId,
          model: r.model,
          benchmark: r.benchmark,
          problem: row.problem,
          sampleId: row.sampleId,
          sampleIndex: row.sampleIndex,
          accuracy: rates.get(row.problem) ?? 0,
          response: row.text,
        });
      }
    }
    const file = path.join(o.outDir, 'cot-queue.jsonl');
    // Machine output is snake_case; `rlbound review --sample` takes the sample_id of a line.
    const line = (i: CotQueueItem): string =>
      JSON.stringify({
        run_id: i.runId,
        model: i.model,
        benchmark: i.benchmark,
        problem: i.problem,
        sample_id: i.sampleId,
        sample_index: i.sampleIndex,
        accuracy: i.accuracy,
        response: i.response,
      });
    await writeFile(file, items.map(line).join('\n') + (items.length > 0 ? '\n' : ''));
    result.cotQueue = { items: items.length, file };
    result.files.push(file);
  }
  return result;
}

/** pass@1 and pass@k (k = the smallest n) of each checkpoint of a series, per benchmark. */
async function checkpointSeries(store: StudyStore, runs: readonly StudyRunRef[], series: readonly string[]): Promise<CheckpointSeriesResult[]> {
  const out: CheckpointSeriesResult[] = [];
  for (const benchmark of [...new Set(runs.map((r) => r.benchmark))]) {
    const outcomes: { model: string; o: ProblemOutcome[] }[] = [];
    for (const model of series) {
      const run = runs.find((r) => r.model === model && r.benchmark === benchmark);
      if (run === undefined) continue;
      outcomes.push({ model, o: await store.loadOutcomes(run.runId, await keyOf(store, run)) });
    }
    if (outcomes.length === 0) continue;
    const k = Math.min(...outcomes.flatMap(({ o }) => o.map((p) => p.n)));
    out.push({
      benchmark,
      points: outcomes.map(({ model, o }) => {
        const curve = datasetPassAtK(o, k === 1 ? [1] : [1, k]);
        return { model, k, passAt1: curve.passAtK[0], passAtK: curve.passAtK[curve.passAtK.length - 1] };
      }),
    });
  }
  return out;
}

/** Token-weighted mean entropy of a run's samples scored by `scorer` (null if none carry entropy). */
async function meanEntropy(store: StudyStore, runId: number, scorerName: string): Promise<number | null> {
  const scorer = await store.getModel(scorerName);
  if (scorer === null) return null;
  let num = 0;
  let den = 0;
  for (const s of await store.loadScores(runId, scorer.id)) {
    if (s.entropy === null || s.tokenCount === 0) continue;
    num += s.entropy * s.tokenCount;
    den += s.tokenCount;
  }
  return den > 0 ? num / den : null;
}

async function temperatureSweep(o: {
  store: StudyStore;
  plan: StudyPlan;
  runs: readonly StudyRunRef[];
  signal?: AbortSignal;
  sweep: NonNullable<StudyFile['analyses']['temperature_sweep']>;
  notes: string[];
}): Promise<TemperatureSweepResult[]> {
  const { store, sweep } = o;
  const out: TemperatureSweepResult[] = [];
  for (const benchmark of [...new Set(o.runs.map((r) => r.benchmark))]) {
    const refRun = o.runs.find((r) => r.model === sweep.match_to && r.benchmark === benchmark);
    if (refRun === undefined) {
      o.notes.push(`temperature_sweep: skipped ${benchmark}: ${sweep.match_to} has no run on it`);
      continue;
    }
    const models: TemperatureSweepResult['models'] = [];
    let reference: TemperatureSweepResult['reference'] | undefined;
    for (const model of o.plan.models) {
      const main = o.runs.find((r) => r.model === model.name && r.benchmark === benchmark);
      if (main === undefined) continue;
      const key = await keyOf(store, main);
      const mainRun = (await store.getRun(main.runId))!;
      const opened = providerFor(model);
      const score = (runId: number) =>
        scoreRun({
          store,
          provider: opened.provider,
          runId,
          scorerName: model.name,
          servedName: model.servedName,
          providerKind: opened.kind,
          endpoint: opened.location,
          rule: main.spec.rule,
          concurrency: 16,
          topLogprobs: sweep.top_logprobs,
          signal: o.signal,
        });
      try {
        if (model.name === sweep.match_to) {
          await score(main.runId);
          reference = { model: model.name, temperature: main.spec.params.temperature, entropy: await meanEntropy(store, main.runId, model.name) };
          continue;
        }
        const runs: TemperatureSweepResult['models'][number]['runs'] = [];
        const problems = await store.listProblems(mainRun.benchmarkId);
        for (const temperature of sweep.temperatures) {
          // The main run's own settings (as planned: the same defaults every stage uses) at another temperature.
          const res = await sampleRun({
            store,
            provider: opened.provider,
            modelName: model.name,
            servedName: model.servedName,
            providerKind: model.provider,
            endpoint: model.endpoint,
            benchmarkId: mainRun.benchmarkId,
            problems,
            rule: main.spec.rule,
            n: sweep.n ?? main.spec.n,
            params: { ...main.spec.params, temperature },
            baseSeed: main.spec.baseSeed,
            concurrency: 16,
            signal: o.signal,
          });
          const runId = res.run.id;
          await verifyRun({ store, runId, verifier: main.spec.verifier });
          await score(runId);
          const curve = datasetPassAtK(await store.loadOutcomes(runId, key), 'pow2');
          runs.push({ temperature, runId, entropy: await meanEntropy(store, runId, model.name), k: curve.k, passAtK: curve.passAtK });
        }
        models.push({ model: model.name, runs, matchedTemperature: null });
      } finally {
        opened.close();
      }
    }
    if (reference === undefined) continue;
    const target = reference.entropy;
    if (target === null)
      o.notes.push(
        `temperature_sweep: ${benchmark}: no temperature matched: ${reference.model}'s responses carry no token entropy (its server returned no top log-probabilities; lab checkpoints and servers that honour top_logprobs do)`,
      );
    for (const m of models) {
      const scored = m.runs.filter((r) => r.entropy !== null);
      if (target !== null && scored.length === 0)
        o.notes.push(`temperature_sweep: ${benchmark}: no temperature matched for ${m.model}: its sweep responses carry no token entropy`);
      if (target === null || scored.length === 0) continue;
      m.matchedTemperature = scored.reduce((best, r) => (Math.abs(r.entropy! - target) < Math.abs(best.entropy! - target) ? r : best)).temperature;
    }
    out.push({ benchmark, reference, models });
  }
  return out;
}
