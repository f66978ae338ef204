import path from 'node:path';
import { FlowProducer, Queue, type FlowJob, type JobsOptions } from 'bullmq';
import { effectiveSampling } from '../pipeline/presets.js';
import { promptRuleFor } from '../sample/prompt-rule.js';
import { resolveBenchmarks } from '../pipeline/resolve-benchmarks.js';
import { loadStudyFile, type StudyFile, type StudyModel } from '../pipeline/study-file.js';
import { labGold, verifierKey } from '../pipeline/verify-stage.js';
import { promptRuleHash, problemImages, renderPrompt, ruleStops } from '../sample/prompt-source.js';
import { registerBenchmark } from '../sample/register-benchmark.js';
import { samplingRecord } from '../sample/sample-run.js';
import { normalizeEndpoint } from '../sample/connect.js';
import { isPostgresLocation, openStore } from '../study/open-store.js';
import type { StudyStore } from '../study/store.js';
import type { ProblemRecord, VerifierKey } from '../study/types.js';
import { QUEUE_NAMES, redisConnection, sampleQueueName } from './connection.js';
import { jobId, scoreJobId, type ModelAccess, type SampleJob, type ScoreJob, type VerifyJob } from './jobs.js';
import { slicesOf } from './slices.js';

export interface EnqueueOptions {
  /** The study file (its `store` should be a postgres:// URL that every worker can reach). */
  file: string;
  /** redis://host:port */
  queue: string;
  /** Sample indices per job (default 64: one request on a server that takes n ≤ 64). */
  sliceSize?: number;
}

export interface EnqueuedRun {
  model: string;
  benchmark: string;
  runId: number;
  key: VerifierKey;
}

export interface EnqueueResult {
  store: string;
  runs: EnqueuedRun[];
  /** Sampling jobs added (each with its verification job as parent). */
  sampleJobs: number;
  /** Verification jobs for samples that are stored but not verified yet. */
  verifyOnlyJobs: number;
  /** Scoring jobs (one per scorer and run not fully scored). */
  scoreJobs: number;
}

/** Retries with back-off for jobs that fail (e.g. every server down for a while). */
export const JOB_OPTIONS: JobsOptions = { attempts: 8, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: false };

/**
 * `rlbound run STUDY.yaml --queue redis://…`: registers the study's benchmarks, models and runs in
 * the store, then enqueues only the work the store does not hold yet — one sampling job per slice
 * of missing sample indices (child) under one verification job for the same slice (parent, runs
 * once the samples are in), and verification jobs for stored samples without a verdict. Seeds
 * are the store's pure function of (base seed, problem, sample index), so results do not depend on
 * which worker ran what.
 */
export async function enqueueStudy(o: EnqueueOptions): Promise<EnqueueResult> {
  const { study, baseDir } = await loadStudyFile(o.file);
  const location = studyLocation(study, baseDir);
  const benchmarks = await resolveBenchmarks(study, baseDir);
  const sliceSize = o.sliceSize ?? 64;
  const connection = redisConnection(o.queue);
  const store = await openStore(location);
  const flows: FlowJob[] = [];
  const verifyOnly: { name: string; data: VerifyJob; opts: JobsOptions }[] = [];
  const scoring: { name: string; data: ScoreJob; opts: JobsOptions }[] = [];
  const runs: (EnqueuedRun & { n: number; template: string; source: StudyModel })[] = [];
  try {
    for (const b of benchmarks) {
      const spec = b.loaded.spec;
      const { benchmark, problems } = await registerBenchmark(store, b.loaded);
      for (const [mi, model] of study.models.entries()) {
        const s = effectiveSampling(study.preset, spec.name, study.sampling, model.sampling, b.n);
        const rule = await promptRuleFor(b.template ?? model.template ?? spec.defaultTemplate, model.api, model.tokenizer_config === undefined ? undefined : path.resolve(baseDir, model.tokenizer_config), `models.${mi}.template`);
        const params = { temperature: s.temperature ?? 0.6, topP: s.top_p ?? 0.95, topK: s.top_k, maxTokens: s.max_tokens ?? 1024, stop: [...new Set([...ruleStops(rule), ...(s.stop ?? [])])] };
        const access = accessOf(model, baseDir);
        const { checkpoint, endpoints, servedName } = access;
        // The same model and run records an in-process `rlbound run` writes.
        const modelRecord = await store.putModel({
          name: model.name,
          provider: checkpoint !== undefined ? 'lab' : `openai-${model.api}`,
          endpoint: checkpoint !== undefined ? `lab:${checkpoint}` : endpoints!.map(normalizeEndpoint).join(', '),
          info: { servedName },
        });
        const baseSeed = s.seed ?? 0;
        const { run } = await store.findOrCreateRun({ modelId: modelRecord.id, benchmarkId: benchmark.id, sampling: samplingRecord(params, checkpoint !== undefined ? 'lab' : model.api), targetN: s.n, baseSeed, promptTemplateHash: promptRuleHash(rule) });
        const verifier = verifierOf(spec.verifier, study);
        const key = verifierKeyOf(verifier, problems);
        const template = b.template ?? model.template ?? spec.defaultTemplate;
        runs.push({ model: model.name, benchmark: spec.name, runId: run.id, key, n: s.n, template, source: model });

        const missing = await store.missingSampleIndices(run.id, { n: s.n });
        for (const p of problems) {
          const slice0 = { runId: run.id, problemId: p.id, problemIndex: p.index };
          for (const sl of slicesOf(missing.get(p.id) ?? [], sliceSize)) {
            const sample: SampleJob = { ...slice0, ...sl, baseSeed, prompt: renderPrompt(rule, p.prompt, problemImages(p.metadata)), params, model: access, concurrency: s.concurrency ?? 16 };
            const verify: VerifyJob = { ...slice0, ...sl, verifier };
            flows.push({
              name: 'verify', queueName: QUEUE_NAMES.verify, data: verify, opts: { ...JOB_OPTIONS, jobId: jobId('verify', verify) },
              children: [{ name: 'sample', queueName: sampleQueueName(model.name), data: sample, opts: { ...JOB_OPTIONS, jobId: jobId('sample', sample) } }],
            });
          }
        }
        for (const [problemId, indices] of await unverifiedByProblem(store, run.id, key)) {
          const p = problems.find((x) => x.id === problemId)!;
          for (const sl of slicesOf(indices, sliceSize)) {
            const verify: VerifyJob = { runId: run.id, problemId, problemIndex: p.index, ...sl, verifier };
            verifyOnly.push({ name: 'verify', data: verify, opts: { ...JOB_OPTIONS, jobId: jobId('verify', verify) } });
          }
        }
      }
    }
    for (const sc of study.scoring) {
      const scorer = study.models.find((m) => m.name === sc.scorer)!;
      const scorerRecord = await store.getModel(scorer.name);
      for (const r of runs) {
        if (!sc.responses_of.includes(r.model) || (sc.benchmarks !== undefined && !sc.benchmarks.includes(r.benchmark))) continue;
        const progress = await store.runProgress(r.runId);
        const scored = scorerRecord === null ? 0 : (await store.loadScores(r.runId, scorerRecord.id)).length;
        if (progress.samples === progress.problems * r.n && scored >= progress.samples) continue;
        const data: ScoreJob = {
          runId: r.runId, n: r.n, scorerName: scorer.name, scorer: accessOf(scorer, baseDir), template: r.template, api: r.source.api,
          tokenizerConfig: r.source.tokenizer_config === undefined ? undefined : path.resolve(baseDir, r.source.tokenizer_config), concurrency: 16,
        };
        scoring.push({ name: 'score', data, opts: { ...JOB_OPTIONS, jobId: scoreJobId(data) } });
      }
    }
  } finally {
    await store.close();
  }

  const producer = new FlowProducer({ connection });
  const verifyQueue = new Queue(QUEUE_NAMES.verify, { connection });
  const scoreQueue = new Queue(QUEUE_NAMES.score, { connection });
  try {
    for (let i = 0; i < flows.length; i += 500) await producer.addBulk(flows.slice(i, i + 500));
    for (let i = 0; i < verifyOnly.length; i += 500) await verifyQueue.addBulk(verifyOnly.slice(i, i + 500));
    await scoreQueue.addBulk(scoring);
  } finally {
    await producer.close();
    await verifyQueue.close();
    await scoreQueue.close();
  }
  return { store: location, runs: runs.map(({ model, benchmark, runId, key }) => ({ model, benchmark, runId, key })), sampleJobs: flows.length, verifyOnlyJobs: verifyOnly.length, scoreJobs: scoring.length };
}

/** Where the study's store lives: a postgres:// URL as written, a file relative to the study file. */
export function studyLocation(study: StudyFile, baseDir: string): string {
  return isPostgresLocation(study.store) ? study.store : path.resolve(baseDir, study.store);
}

/** How workers reach a model of the study file (paths made absolute). */
function accessOf(model: StudyModel, baseDir: string): ModelAccess {
  return {
    servedName: model.served_name ?? model.name,
    api: model.api,
    endpoints: model.endpoint === undefined ? undefined : typeof model.endpoint === 'string' ? [model.endpoint] : model.endpoint,
    checkpoint: model.checkpoint === undefined ? undefined : path.resolve(baseDir, model.checkpoint),
    apiKeyEnv: model.api_key_env,
  };
}

function verifierOf(kind: 'math' | 'code' | 'lab', study: StudyFile): VerifyJob['verifier'] {
  if (kind === 'math') return { kind: 'math', policy: study.verify.math?.policy ?? 'strict', workers: study.verify.math?.workers };
  if (kind === 'code') return { kind: 'code', workers: study.verify.code?.workers, timeoutS: study.verify.code?.timeout_s, memoryMb: study.verify.code?.memory_mb };
  return { kind: 'lab' };
}

function verifierKeyOf(v: VerifyJob['verifier'], problems: readonly ProblemRecord[]): VerifierKey {
  if (v.kind === 'math') return verifierKey({ verifier: 'math', policy: v.policy });
  if (v.kind === 'code') return verifierKey({ verifier: 'code' });
  return verifierKey({ verifier: 'lab', task: problems.length === 0 ? 'none' : labGold(problems[0]).task });
}

async function unverifiedByProblem(store: StudyStore, runId: number, key: VerifierKey): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for await (const s of store.unverifiedSamples(runId, key)) {
    let list = out.get(s.problemId);
    if (!list) out.set(s.problemId, (list = []));
    list.push(s.sampleIndex);
  }
  return out;
}
