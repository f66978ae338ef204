import type { ProblemOutcome, ScoredResponse } from '../../analyze/index.js';
import { sha256Hex, type JsonObject, type StudyStore, type VerifierKey } from '../../study/index.js';
import type { TaskFamily, TaskProblem } from '../tasks/task.js';
import type { EvalSettings, ProblemSamples } from './evaluate.js';

/** The lab's verifier key in the store: the task's own checker, exact match, version 1. */
export function labVerifierKey(task: TaskFamily): VerifierKey {
  return { verifier: `lab-${task.name}`, policy: 'exact', version: '1' };
}

/** Registers the held-out problems as a benchmark of the study (idempotent). */
export async function putLabBenchmark(store: StudyStore, task: TaskFamily, problems: readonly TaskProblem[], label: string): Promise<number> {
  const contentHash = sha256Hex(problems.map((p) => `${p.key}\t${p.prompt}`).join('\n'));
  const bench = await store.putBenchmark({ name: `lab:${task.name}:${label}`, source: `generated: ${task.description}`, contentHash });
  await store.putProblems(
    bench.id,
    problems.map((p, index) => ({ index, key: p.key, prompt: p.prompt })),
  );
  return bench.id;
}

export interface RecordedRun {
  runId: number;
  modelId: number;
  outcomes: ProblemOutcome[];
}

/**
 * Writes one model's evaluation into the study store — the model, the run, every sample, every
 * verdict — and reads the per-problem outcomes back with `loadOutcomes`, so the analytics see
 * exactly what the store holds (as for a real LLM sampled over HTTP).
 */
export async function recordEvaluation(
  store: StudyStore,
  input: { benchmarkId: number; task: TaskFamily; modelName: string; modelInfo: JsonObject; settings: EvalSettings; samples: readonly ProblemSamples[] },
): Promise<RecordedRun> {
  const model = await store.putModel({ name: `lab:${input.modelName}`, provider: 'lab', info: input.modelInfo });
  const problems = await store.listProblems(input.benchmarkId);
  const byKey = new Map(problems.map((p) => [p.key, p.id]));
  const { run } = await store.findOrCreateRun({
    modelId: model.id,
    benchmarkId: input.benchmarkId,
    sampling: { temperature: input.settings.temperature, top_p: input.settings.topP, max_tokens: input.settings.maxTokens, stop: ['.'] },
    targetN: input.settings.n,
    baseSeed: input.settings.seed,
    promptTemplateHash: 'lab-raw-prompt',
  });
  const problemIdOf = (p: TaskProblem): number => {
    const id = byKey.get(p.key);
    if (id === undefined) throw new Error(`problem ${p.key} is not in the benchmark`);
    return id;
  };
  for (const ps of input.samples) {
    const problemId = problemIdOf(ps.problem);
    await store.insertSamples(
      ps.responses.map((r, sampleIndex) => ({
        runId: run.id,
        problemId,
        sampleIndex,
        seed: r.seed,
        text: r.text,
        finishReason: r.finish,
        completionTokens: r.tokens.length,
      })),
    );
  }
  const key = labVerifierKey(input.task);
  const verdictOf = new Map(input.samples.map((ps) => [problemIdOf(ps.problem), ps.responses]));
  const verdicts = [];
  for await (const s of store.unverifiedSamples(run.id, key)) {
    const r = verdictOf.get(s.problemId)?.[s.sampleIndex];
    if (!r) continue;
    verdicts.push({ ...key, sampleId: s.id, correct: r.correct, extracted: r.text, reason: r.reason, durationMs: 0 });
  }
  await store.putVerdicts(verdicts);
  return { runId: run.id, modelId: model.id, outcomes: await store.loadOutcomes(run.id, key) };
}

/**
 * Stores the scorer's NLL of the first responses of each problem (one score per sample) and reads
 * them back as the perplexity analysis expects them.
 */
export async function recordScores(
  store: StudyStore,
  input: {
    runId: number;
    benchmarkId: number;
    scorerModelId: number;
    samples: readonly ProblemSamples[];
    scored: readonly ScoredResponse[];
    perProblem: number;
  },
): Promise<ScoredResponse[]> {
  const keyOf = new Map((await store.listProblems(input.benchmarkId)).map((p) => [p.id, p.key]));
  const wanted = new Map<string, ScoredResponse>();
  let i = 0;
  for (const ps of input.samples)
    for (let j = 0; j < Math.min(input.perProblem, ps.responses.length); j++) wanted.set(`${ps.problem.key}\u0000${j}`, input.scored[i++]);
  const rows = [];
  for await (const s of store.iterateSamples(input.runId)) {
    const sc = wanted.get(`${keyOf.get(s.problemId)}\u0000${s.sampleIndex}`);
    if (sc)
      rows.push({
        scorerModelId: input.scorerModelId,
        sampleId: s.id,
        tokenCount: sc.tokens,
        nllSum: sc.nllSum,
        byteCount: Math.max(1, Buffer.byteLength(s.text ?? '')),
      });
  }
  await store.putScores(rows);
  return (await store.loadScores(input.runId, input.scorerModelId)).map((s) => ({ nllSum: s.nllSum, tokens: s.tokenCount }));
}
