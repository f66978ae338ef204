import { FlowProducer, Queue, type FlowJob, type JobsOptions } from 'bullmq';
import { planStudy, type StudyPlan } from '../pipeline/plan-study.js';
import type { PlannedModel, RunSpec } from '../pipeline/run-spec.js';
import { registerRunSpec } from '../pipeline/study-runs.js';
import { verifyScope } from '../pipeline/verify-stage.js';
import { problemImages, renderPrompt } from '../sample/prompt-source.js';
import { registerBenchmark } from '../sample/register-benchmark.js';
import { openStore } from '../study/open-store.js';
import type { StudyStore } from '../study/store.js';
import type { VerifierKey } from '../study/types.js';
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

/** The jobs a study still needs, built from its plan and what the store holds. */
export interface StudyJobs {
  runs: (EnqueuedRun & { spec: RunSpec })[];
  flows: FlowJob[];
  verifyOnly: { name: string; data: VerifyJob; opts: JobsOptions }[];
  scoring: { name: string; data: ScoreJob; opts: JobsOptions }[];
}

/** Retries with back-off for jobs that fail (e.g. every server down for a while). */
export const JOB_OPTIONS: JobsOptions = { attempts: 8, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: false };

/** What a worker needs to reach a planned model. */
export function accessOf(m: PlannedModel): ModelAccess {
  return { servedName: m.servedName, api: m.api, endpoints: m.endpoints, checkpoint: m.checkpoint, apiKeyEnv: m.apiKeyEnv };
}

/**
 * Registers the plan's benchmarks, models and runs in the store (the same records an in-process
 * `rlbound run` writes: both go through `registerRunSpec`) and builds the jobs for the work the
 * store does not hold yet. Touches no queue.
 */
export async function studyJobs(plan: StudyPlan, store: StudyStore, sliceSize = 64): Promise<StudyJobs> {
  const out: StudyJobs = { runs: [], flows: [], verifyOnly: [], scoring: [] };
  for (const b of plan.benchmarks) {
    const { benchmark, problems } = await registerBenchmark(store, b.loaded);
    for (const spec of plan.runs.filter((r) => r.benchmark === b)) {
      const { run } = await registerRunSpec(store, spec, benchmark.id);
      const key = spec.verifier.key(await verifyScope(store, run.id));
      out.runs.push({ model: spec.model.name, benchmark: b.loaded.spec.name, runId: run.id, key, spec });
      const verifier = spec.verifier.settings;
      const missing = await store.missingSampleIndices(run.id, { n: spec.n });
      for (const p of problems) {
        const slice0 = { runId: run.id, problemId: p.id, problemIndex: p.index };
        for (const sl of slicesOf(missing.get(p.id) ?? [], sliceSize)) {
          const sample: SampleJob = {
            ...slice0,
            ...sl,
            baseSeed: spec.baseSeed,
            prompt: renderPrompt(spec.rule, p.prompt, problemImages(p.metadata)),
            params: spec.params,
            model: accessOf(spec.model),
            concurrency: spec.concurrency,
          };
          const verify: VerifyJob = { ...slice0, ...sl, verifier };
          out.flows.push({
            name: 'verify',
            queueName: QUEUE_NAMES.verify,
            data: verify,
            opts: { ...JOB_OPTIONS, jobId: jobId('verify', verify) },
            children: [{ name: 'sample', queueName: sampleQueueName(spec.model.name), data: sample, opts: { ...JOB_OPTIONS, jobId: jobId('sample', sample) } }],
          });
        }
      }
      for (const [problemId, indices] of await unverifiedByProblem(store, run.id, key)) {
        const p = problems.find((x) => x.id === problemId)!;
        for (const sl of slicesOf(indices, sliceSize)) {
          const verify: VerifyJob = { runId: run.id, problemId, problemIndex: p.index, ...sl, verifier };
          out.verifyOnly.push({ name: 'verify', data: verify, opts: { ...JOB_OPTIONS, jobId: jobId('verify', verify) } });
        }
      }
    }
  }
  for (const sc of plan.study.scoring) {
    const scorer = plan.models.find((m) => m.name === sc.scorer)!;
    const scorerRecord = await store.getModel(scorer.name);
    for (const r of out.runs) {
      if (!sc.responses_of.includes(r.model) || (sc.benchmarks !== undefined && !sc.benchmarks.includes(r.benchmark))) continue;
      const progress = await store.runProgress(r.runId);
      const scored = scorerRecord === null ? 0 : (await store.loadScores(r.runId, scorerRecord.id)).length;
      if (progress.samples === progress.problems * r.spec.n && scored >= progress.samples) continue;
      const data: ScoreJob = {
        runId: r.runId,
        n: r.spec.n,
        scorerName: scorer.name,
        scorer: accessOf(scorer),
        template: r.spec.template,
        api: r.spec.model.api,
        tokenizerConfig: r.spec.model.tokenizerConfig,
        concurrency: 16,
      };
      out.scoring.push({ name: 'score', data, opts: { ...JOB_OPTIONS, jobId: scoreJobId(data) } });
    }
  }
  return out;
}

/**
 * `rlbound run STUDY.yaml --queue redis://…`: registers the study's benchmarks, models and runs in
 * the store, then enqueues only the work the store does not hold yet — one sampling job per slice
 * of missing sample indices (child) under one verification job for the same slice (parent, runs
 * once the samples are in), and verification jobs for stored samples without a verdict. Seeds
 * are the store's pure function of (base seed, problem, sample index), so results do not depend on
 * which worker ran what.
 */
export async function enqueueStudy(o: EnqueueOptions): Promise<EnqueueResult> {
  const plan = await planStudy(o.file);
  const connection = redisConnection(o.queue);
  const store = await openStore(plan.store);
  let jobs: StudyJobs;
  try {
    jobs = await studyJobs(plan, store, o.sliceSize);
  } finally {
    await store.close();
  }

  const producer = new FlowProducer({ connection });
  const verifyQueue = new Queue(QUEUE_NAMES.verify, { connection });
  const scoreQueue = new Queue(QUEUE_NAMES.score, { connection });
  // Connection errors reach the awaited calls below; the emitters must not crash the process meanwhile.
  producer.on('error', () => undefined);
  verifyQueue.on('error', () => undefined);
  scoreQueue.on('error', () => undefined);
  try {
    for (let i = 0; i < jobs.flows.length; i += 500) await producer.addBulk(jobs.flows.slice(i, i + 500));
    for (let i = 0; i < jobs.verifyOnly.length; i += 500) await verifyQueue.addBulk(jobs.verifyOnly.slice(i, i + 500));
    await scoreQueue.addBulk(jobs.scoring);
  } finally {
    await producer.close();
    await verifyQueue.close();
    await scoreQueue.close();
  }
  return {
    store: plan.store,
    runs: jobs.runs.map(({ model, benchmark, runId, key }) => ({ model, benchmark, runId, key })),
    sampleJobs: jobs.flows.length,
    verifyOnlyJobs: jobs.verifyOnly.length,
    scoreJobs: jobs.scoring.length,
  };
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
