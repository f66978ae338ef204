import { Queue } from 'bullmq';
import { openStore } from '../study/open-store.js';
import type { StudyPlan } from '../pipeline/plan-study.js';
import type { VerifierKey } from '../study/types.js';
import { runSettings, type RunSettings } from '../report/run-settings.js';
import { queueNames, ROLES, redisConnection, type Role } from './connection.js';

/** One run's progress as the store sees it. */
export interface RunStatus {
  runId: number;
  model: string;
  benchmark: string;
  targetN: number;
  /** Sampling settings, template and seed: what tells two runs of one model × benchmark apart. */
  settings: RunSettings;
  problems: number;
  /** Slots the run should have (problems × target n). */
  slots: number;
  samples: number;
  failedSlots: number;
  /** Per verifier key with verdicts: how many samples are verified and how many are correct. */
  verified: { key: VerifierKey; verified: number; correct: number }[];
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  /** Verification jobs waiting for their sampling job. */
  waitingChildren: number;
  failed: number;
}

/** Progress of every run of a study, read from the store (works from any machine that reaches it). */
export async function studyStatus(location: string): Promise<RunStatus[]> {
  const store = await openStore(location, { readonly: true, mustExist: true });
  try {
    const out: RunStatus[] = [];
    for (const run of await store.listRuns()) {
      const [model, benchmark] = await Promise.all([store.getModelById(run.modelId), store.getBenchmarkById(run.benchmarkId)]);
      const p = await store.runProgress(run.id);
      const verified = [];
      for (const key of await store.listVerifierKeys(run.id)) {
        const v = await store.runProgress(run.id, key);
        verified.push({ key, verified: v.verified ?? 0, correct: v.correct ?? 0 });
      }
      out.push({
        runId: run.id,
        model: model?.name ?? '?',
        benchmark: benchmark?.name ?? '?',
        targetN: run.targetN,
        settings: runSettings(run),
        problems: p.problems,
        slots: p.problems * run.targetN,
        samples: p.samples,
        failedSlots: p.failedSlots,
        verified,
      });
    }
    return out;
  } finally {
    await store.close();
  }
}

/** A planned run (of a study file) the store does not hold yet: what `status` shows as not started. */
export interface PlannedRunStatus {
  model: string;
  benchmark: string;
  targetN: number;
  problems: number;
  slots: number;
}

/**
 * The plan's runs that no stored run answers yet (matched by model and benchmark name), so that
 * `rlbound status --study STUDY.yaml` shows the whole study, started or not.
 */
export function notStarted(plan: StudyPlan, stored: readonly RunStatus[]): PlannedRunStatus[] {
  return plan.runs
    .filter((r) => !stored.some((s) => s.model === r.model.name && s.benchmark === r.benchmark.loaded.spec.name))
    .map((r) => {
      const problems = r.benchmark.loaded.problems.length;
      return { model: r.model.name, benchmark: r.benchmark.loaded.spec.name, targetN: r.n, problems, slots: problems * r.n };
    });
}

/** Job counts of the study queues (sampling: summed over the queues of `models`). */
export async function queueCounts(url: string, models: readonly string[]): Promise<Record<Role, QueueCounts>> {
  const connection = redisConnection(url);
  const out = {} as Record<Role, QueueCounts>;
  for (const role of ROLES) {
    const sum: QueueCounts = { waiting: 0, active: 0, delayed: 0, waitingChildren: 0, failed: 0 };
    for (const name of queueNames(role, models)) {
      const q = new Queue(name, { connection });
      // Connection errors reach getJobCounts below; unhandled, ioredis would print them as stacks.
      q.on('error', () => undefined);
      try {
        const c = await q.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'waiting-children', 'failed', 'paused');
        sum.waiting += (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.paused ?? 0);
        sum.active += c.active ?? 0;
        sum.delayed += c.delayed ?? 0;
        sum.waitingChildren += c['waiting-children'] ?? 0;
        sum.failed += c.failed ?? 0;
      } finally {
        await q.close();
      }
    }
    out[role] = sum;
  }
  return out;
}

/** True when no job of the study queues is waiting, running, delayed or waiting for children. */
export function drained(counts: Record<Role, QueueCounts>): boolean {
  return ROLES.every((r) => counts[r].waiting + counts[r].active + counts[r].delayed + counts[r].waitingChildren === 0);
}

/**
 * Waits until the queues are drained (polling), reporting the counts; resolves with the final
 * counts (the caller decides what failed jobs mean).
 */
export async function waitForQueue(
  url: string,
  models: readonly string[],
  o: { pollMs?: number; onCounts?: (c: Record<Role, QueueCounts>) => void; signal?: AbortSignal } = {},
): Promise<Record<Role, QueueCounts>> {
  for (;;) {
    const c = await queueCounts(url, models);
    o.onCounts?.(c);
    if (drained(c) || o.signal?.aborted) return c;
    await new Promise((r) => setTimeout(r, o.pollMs ?? 500));
  }
}
