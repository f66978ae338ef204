import { Worker, type Job } from 'bullmq';
import { StudyVerifiers } from '../pipeline/run-study.js';
import { verifyRun } from '../pipeline/verify-stage.js';
import { openProvider, type OpenedProvider } from '../sample/open-provider.js';
import { probeCapabilities, type Capabilities } from '../sample/probe.js';
import { runSampling } from '../sample/run-sampling.js';
import { StudySink } from '../sample/study-sink.js';
import { openStore } from '../study/open-store.js';
import { sampleSeed } from '../study/seed.js';
import type { SampleRecord } from '../study/types.js';
import { QUEUE_NAMES, redisConnection, ROLES, type Role } from './connection.js';
import { sampleJobSchema, verifyJobSchema, type SampleJob, type VerifyJob } from './jobs.js';
import { SliceSink } from './slice-sink.js';

export interface WorkerOptions {
  /** redis://host:port */
  queue: string;
  /** The study store every worker writes to (postgres://…, or a SQLite file on one machine). */
  study: string;
  /** Which jobs to take (default: all). */
  roles?: readonly Role[];
  /** Sample through these servers instead of the endpoints the study file names. */
  endpoints?: readonly string[];
  /** Jobs processed at once per role (default 2). */
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
  /** Sampling: slots stored; verification: new verdicts. */
  written: number;
  failed: number;
}

/** Opened providers and their probed capabilities, one per model and server set, for the worker's life. */
class Providers {
  private readonly open = new Map<string, Promise<{ opened: OpenedProvider; caps: Capabilities }>>();
  constructor(private readonly endpoints: readonly string[] | undefined) {}
  get(j: SampleJob): Promise<{ opened: OpenedProvider; caps: Capabilities }> {
    const endpoints = this.endpoints?.length ? [...this.endpoints] : j.model.endpoints;
    const key = JSON.stringify([j.model.servedName, j.model.api, endpoints, j.model.checkpoint]);
    let p = this.open.get(key);
    if (!p) {
      p = (async () => {
        const opened = openProvider({ endpoint: j.model.checkpoint === undefined ? endpoints : undefined, checkpoint: j.model.checkpoint, servedName: j.model.servedName, api: j.model.api, apiKeyEnv: j.model.apiKeyEnv, maxSockets: j.concurrency });
        return { opened, caps: await probeCapabilities(opened.provider, { prompt: j.prompt }) };
      })();
      // A failed probe is not cached: the job's retry probes again.
      p.catch(() => this.open.delete(key));
      this.open.set(key, p);
    }
    return p;
  }
  async close(): Promise<void> {
    for (const p of this.open.values()) (await p.catch(() => null))?.opened.close();
  }
}

/**
 * `rlbound worker`: takes sampling and/or verification jobs from the queue until stopped. Every
 * job writes through the store's unique keys, so a job run twice (a worker died after writing
 * but before acknowledging, or its lock expired and another worker took it over) writes nothing
 * new the second time. Returns once `signal` aborts and the running jobs are finished.
 */
export async function runWorker(o: WorkerOptions): Promise<{ processed: number; failed: number }> {
  const store = await openStore(o.study);
  const providers = new Providers(o.endpoints);
  const verifiers = new StudyVerifiers({ verify: {} });
  const lockDuration = o.lockMs ?? 30_000;
  const counts = { processed: 0, failed: 0 };

  const sample = async (data: unknown): Promise<JobResult> => {
    const j = sampleJobSchema.parse(data);
    const { opened, caps } = await providers.get(j);
    const sink = new SliceSink(new StudySink(store, j.runId, [{ id: j.problemId, index: j.problemIndex }]), j.first);
    const summary = await runSampling({
      provider: opened.provider, sink, caps,
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
    if (absent.length > 0) throw new Error(`run ${j.runId}, problem ${j.problemId}: ${absent.length} slots of ${j.first}..${j.first + j.count - 1} not stored`);
    return { written: summary.stored, failed: summary.failedSlots };
  };

  const verify = async (data: unknown): Promise<JobResult> => {
    const j: VerifyJob = verifyJobSchema.parse(data);
    // The slice's samples, read by problem (an index range scan, whatever the size of the run).
    async function* inSlice(): AsyncGenerator<SampleRecord> {
      for await (const s of store.iterateSamples(j.runId, { problemId: j.problemId })) {
        if (s.sampleIndex >= j.first + j.count) return;
        if (s.sampleIndex >= j.first && s.text !== null) yield s;
      }
    }
    const select = { samples: inSlice() };
    const v = j.verifier;
    const r =
      v.kind === 'math'
        ? await verifyRun({ store, runId: j.runId, ...select, verifier: 'math', policy: v.policy, pool: verifiers.mathPool() })
        : v.kind === 'code'
          ? await verifyRun({ store, runId: j.runId, ...select, verifier: 'code', pool: await verifiers.codePool() })
          : await verifyRun({ store, runId: j.runId, ...select, verifier: 'lab' });
    return { written: r.verified, failed: r.sandboxErrors };
  };

  const workers = (o.roles ?? ROLES).map((role) => {
    const w = new Worker(QUEUE_NAMES[role], (job: Job) => (role === 'sample' ? sample(job.data) : verify(job.data)), {
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
      counts.failed++;
      o.onJob?.({ role, jobId: job?.id ?? '?', ok: false, error: err.message });
    });
    // Connection errors (Redis restarting) are retried by the client; nothing to do but not crash.
    w.on('error', () => undefined);
    return w;
  });

  await new Promise<void>((resolve) => {
    if (o.signal?.aborted) return resolve();
    o.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await Promise.all(workers.map((w) => w.close()));
  await providers.close();
  await verifiers.close();
  await store.close();
  return counts;
}
