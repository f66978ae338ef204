import { DelayedError, Worker, type Job } from 'bullmq';
import { InputError } from '../errors.js';
import { promptRuleFor } from '../sample/prompt-rule.js';
import { PlanVerifiers } from '../pipeline/plan-study.js';
import { verifyRun } from '../pipeline/verify-stage.js';
import { checkCapabilities } from '../sample/capability-check.js';
import { openProvider, type OpenedProvider } from '../sample/open-provider.js';
import { probeCapabilities, type Capabilities } from '../sample/probe.js';
import { runSampling } from '../sample/run-sampling.js';
import { scoreRun } from '../sample/score-run.js';
import { StudySink } from '../sample/study-sink.js';
import { openStore } from '../study/open-store.js';
import { sampleSeed } from '../study/seed.js';
import type { StudyStore } from '../study/store.js';
import { QUEUE_NAMES, redisConnection, ROLES, sampleQueueName, type Role } from './connection.js';
import { sampleJobSchema, scoreJobSchema, verifyJobSchema, type ModelAccess, type SampleJob, type VerifyJob } from './jobs.js';
import { SliceSink } from './slice-sink.js';

export interface WorkerOptions {
  /** redis://host:port */
  queue: string;
  /** The study store every worker writes to (postgres://…, or a SQLite file on one machine). */
  study: string;
  /** Which jobs to take (default: all). */
  roles?: readonly Role[];
  /** Sample only these models of the study (default: every model the store knows, rescanned). */
  models?: readonly string[];
  /** Sample through these servers instead of the endpoints the study file names (needs one `models` entry). */
  endpoints?: readonly string[];
  /** Jobs processed at once per queue (default 2). */
  concurrency?: number;
  /** How long a job's lock lasts without renewal: a dead worker's jobs are taken over after it (default 30 s). */
  lockMs?: number;
  /** How often stalled jobs (lock expired) are looked for (default lockMs). */
  stalledCheckMs?: number;
  /** Stops taking jobs and finishes the running ones when aborted. */
  signal?: AbortSignal;
  onJob?: (e: WorkerEvent) => void;
}

export type WorkerEvent = { role: Role; jobId: string; ok: true; result: JobResult } | { role: Role; jobId: string; ok: false; error: string };
export interface JobResult {
  /** Sampling: slots stored; verification: new verdicts; scoring: samples scored. */
  written: number;
  failed: number;
}

/** A job that did not finish its work; BullMQ retries it with back-off (its message is shown per attempt). */
class RetryableJobError extends Error {
  override readonly name = 'RetryableJobError';
}

/** How often a worker without `models` looks for models added to the study. */
const MODEL_RESCAN_MS = 2000;
/** How long a scoring job waits before looking again at a run that is still being sampled. */
const SCORE_WAIT_MS = 3000;

/** Opened providers (and, for sampling, their probed capabilities), one per model and server set, for the worker's life. */
class Providers {
  private readonly open = new Map<string, OpenedProvider>();
  private readonly probed = new Map<string, Promise<Capabilities>>();
  constructor(private readonly endpoints: readonly string[] | undefined) {}

  provider(m: ModelAccess, concurrency: number): OpenedProvider {
    const endpoints = this.endpoints?.length ? [...this.endpoints] : m.endpoints;
    const key = JSON.stringify([m.servedName, m.api, endpoints, m.checkpoint]);
    let opened = this.open.get(key);
    if (!opened) {
      opened = openProvider({
        endpoint: m.checkpoint === undefined ? endpoints : undefined,
        checkpoint: m.checkpoint,
        servedName: m.servedName,
        api: m.api,
        apiKeyEnv: m.apiKeyEnv,
        maxSockets: concurrency,
      });
      this.open.set(key, opened);
    }
    return opened;
  }

  /** The sampling provider, probed once and checked like `rlbound sample` checks it (right model, seeds honoured). */
  async forSampling(j: SampleJob): Promise<{ opened: OpenedProvider; caps: Capabilities }> {
    const opened = this.provider(j.model, j.concurrency);
    const key = JSON.stringify([opened.location, j.model.servedName]);
    let p = this.probed.get(key);
    if (!p) {
      p = probeCapabilities(opened.provider, { prompt: j.prompt }).then((caps) => {
        checkCapabilities(caps, { model: j.model.servedName, temperature: j.params.temperature, maxTokens: j.params.maxTokens });
        return caps;
      });
      // A failed probe is not kept: the job's retry probes again.
      p.catch(() => this.probed.delete(key));
      this.probed.set(key, p);
    }
    return { opened, caps: await p };
  }

  close(): void {
    for (const o of this.open.values()) o.close();
  }
}

/**
 * `rlbound worker`: takes sampling, verification and/or scoring jobs until stopped. Every job
 * writes through the store's unique keys, so a job run twice (a worker died after writing but
 * before acknowledging, or its lock expired and another worker took it over) writes nothing new
 * the second time. Returns once `signal` aborts and the running jobs are finished.
 */
export async function runWorker(o: WorkerOptions): Promise<{ processed: number; failed: number }> {
  if (o.endpoints?.length && o.models?.length !== 1)
    throw new InputError('--endpoint needs exactly one --model: the study model that server serves', { field: '--endpoint' });
  const store = await openStore(o.study);
  const providers = new Providers(o.endpoints);
  const verifiers = new PlanVerifiers();
  const lockDuration = o.lockMs ?? 30_000;
  const counts = { processed: 0, failed: 0 };
  const roles = o.roles ?? ROLES;
  const workers = new Map<string, Worker>();

  const processors: Record<Role, (job: Job, token?: string) => Promise<JobResult>> = {
    sample: (job) => sampleSlice(store, providers, job.data),
    verify: (job) => verifySlice(store, verifiers, job.data),
    score: (job, token) => scoreOne(store, providers, job, token),
  };
  const listen = (role: Role, queueName: string): void => {
    if (workers.has(queueName)) return;
    const w = new Worker(queueName, (job: Job, token?: string) => processors[role](job, token), {
      connection: redisConnection(o.queue, true),
      concurrency: o.concurrency ?? 2,
      lockDuration,
      stalledInterval: o.stalledCheckMs ?? lockDuration,
      // A job whose worker keeps dying is still somebody's work: never give up on it for stalling.
      maxStalledCount: 1000,
    });
    w.on('completed', (job, result: JobResult) => {
      counts.processed++;
      o.onJob?.({ role, jobId: job.id ?? '?', ok: true, result });
    });
    w.on('failed', (job, err) => {
      if (err instanceof DelayedError || err.name === 'DelayedError') return;
      counts.failed++;
      o.onJob?.({ role, jobId: job?.id ?? '?', ok: false, error: err.message });
    });
    // Connection errors (Redis restarting) are retried by the client; nothing to do but not crash.
    w.on('error', () => undefined);
    workers.set(queueName, w);
  };

  for (const role of roles) if (role !== 'sample') listen(role, QUEUE_NAMES[role]);
  let rescan: NodeJS.Timeout | undefined;
  if (roles.includes('sample')) {
    const scan = async (): Promise<void> => {
      const names = o.models ?? (await store.listModels()).map((m) => m.name);
      for (const name of names) listen('sample', sampleQueueName(name));
    };
    await scan();
    if (o.models === undefined) rescan = setInterval(() => void scan().catch(() => undefined), MODEL_RESCAN_MS);
  }

  await new Promise<void>((resolve) => {
    if (o.signal?.aborted) return resolve();
    o.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  clearInterval(rescan);
  await Promise.all([...workers.values()].map((w) => w.close()));
  providers.close();
  await verifiers.close();
  await store.close();
  return counts;
}

async function sampleSlice(store: StudyStore, providers: Providers, data: unknown): Promise<JobResult> {
  const j = sampleJobSchema.parse(data);
  const { opened, caps } = await providers.forSampling(j);
  const sink = new SliceSink(new StudySink(store, j.runId, [{ id: j.problemId, index: j.problemIndex }]), j.first);
  const summary = await runSampling({
    provider: opened.provider,
    sink,
    caps,
    problems: [{ index: j.problemIndex, prompt: j.prompt }],
    n: j.first + j.count,
    seedOf: (p, s) => sampleSeed(j.baseSeed, p, s),
    params: j.params,
    concurrency: j.concurrency * opened.servers,
    jitterSeed: j.baseSeed,
  });
  // Completed means every slot of the slice holds a sample or its final error; anything else
  // fails the job, which is then retried.
  const have = await store.sampleIndices(j.runId, j.problemId, { includeFailed: true });
  const absent = Array.from({ length: j.count }, (_, i) => j.first + i).filter((i) => !have.has(i));
  if (absent.length > 0)
    throw new RetryableJobError(`run ${j.runId}, problem ${j.problemId}: ${absent.length} slots of ${j.first}..${j.first + j.count - 1} not stored`);
  return { written: summary.stored, failed: summary.failedSlots };
}

async function verifySlice(store: StudyStore, verifiers: PlanVerifiers, data: unknown): Promise<JobResult> {
  const j: VerifyJob = verifyJobSchema.parse(data);
  // The slice's unverified samples, read by problem (an index range scan, whatever the size of the run).
  const r = await verifyRun({ store, runId: j.runId, slice: { problemId: j.problemId, first: j.first, count: j.count }, verifier: verifiers.get(j.verifier) });
  return { written: r.verified, failed: r.sandboxErrors };
}

async function scoreOne(store: StudyStore, providers: Providers, job: Job, token: string | undefined): Promise<JobResult> {
  const j = scoreJobSchema.parse(job.data);
  // Not sampled yet: look again later, without spending one of the job's attempts.
  if ((await store.missingSampleIndices(j.runId, { n: j.n, retryFailed: false })).size > 0) {
    await job.moveToDelayed(Date.now() + SCORE_WAIT_MS, token);
    throw new DelayedError();
  }
  const opened = providers.provider(j.scorer, j.concurrency);
  const rule = await promptRuleFor(j.template, j.api, j.tokenizerConfig, 'template');
  const s = await scoreRun({
    store,
    provider: opened.provider,
    runId: j.runId,
    scorerName: j.scorerName,
    servedName: j.scorer.servedName,
    providerKind: opened.kind,
    endpoint: opened.location,
    rule,
    concurrency: j.concurrency,
  });
  if (s.failed > 0) throw new RetryableJobError(`${s.failed} samples of run ${j.runId} could not be scored (${s.errors[0] ?? 'no detail'})`);
  return { written: s.scored, failed: 0 };
}
