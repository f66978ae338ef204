import os from 'node:os';
import { InputError } from '../../errors.js';
import { limitsForServer, resolveLimits, type SandboxLimits } from './limits.js';
import { findBwrap, resolvePython, serverDir } from './runtime.js';
import { SandboxCrash, SandboxWorker, type WorkerConfig } from './sandbox-worker.js';
import { sandboxErrorResult, testForServer, toTestResult, withoutExpectations } from './server-protocol.js';
import type { CodeJob, CodeTest, JobResult, TestResult } from './test-spec.js';

export interface CodePoolOptions {
  /** Sandboxes run in parallel; default one per core (at most 64). */
  workers?: number;
  /** Python interpreter (default: $RLBOUND_PYTHON, /usr/bin/python3, python3 on PATH). */
  python?: string;
  /** bubblewrap binary (default: $RLBOUND_BWRAP, bwrap on PATH). */
  bwrap?: string;
  /** Run WITHOUT isolation. Programs then run with the caller's permissions. */
  unsafeNoSandbox?: boolean;
  /** Default limits of every test (a job's and a test's own limits override them). */
  limits?: Partial<SandboxLimits>;
  /** Size of each sandbox's private /tmp, MiB. Default 256. */
  tmpMb?: number;
  /** Extra runs of a test that timed out (a busy machine should not fail a correct program). Default 1. */
  retestTimeouts?: number;
  /** When running as root, children of worker i run as uid/gid childUidBase + i. Default: a block
   * of its own per process and pool (see defaultChildUidBase). */
  childUidBase?: number;
}

const SANDBOX_RETRIES = 1;
const UIDS_PER_PROCESS = 1024;
const UIDS_PER_POOL = 64;
let poolsCreated = 0;

/**
 * Uids for the children of a new pool. RLIMIT_NPROC counts processes per uid, so two pools
 * (in one process or in two rlbound processes) must not share uids, or a fork bomb in one would
 * stop the other's programs from forking. Each process gets a block by pid, each pool a slice.
 */
export function defaultChildUidBase(pid: number = process.pid): number {
  const slot = poolsCreated++ % (UIDS_PER_PROCESS / UIDS_PER_POOL);
  return 1_000_000 + (pid % 1_000_000) * UIDS_PER_PROCESS + slot * UIDS_PER_POOL;
}
/** Slack on top of a test's wall limit before the pool gives up on a fork-server. */
const ANSWER_SLACK_MS = 15_000;

/**
 * A pool of sandboxes, one long-lived fork-server each. `run(job)` runs a program against its
 * tests on the next free sandbox; every test gets a freshly forked child.
 */
export class CodePool {
  private readonly idle: SandboxWorker[] = [];
  private readonly waiting: Array<{ resolve: (w: SandboxWorker) => void; reject: (e: Error) => void }> = [];
  private readonly all = new Set<SandboxWorker>();
  private readonly configs = new Map<SandboxWorker, WorkerConfig>();
  private closed = false;

  private constructor(
    private readonly defaults: Partial<SandboxLimits>,
    private readonly retestTimeouts: number,
  ) {}

  /** Starts the sandboxes; throws EnvironmentError (with install instructions) if bubblewrap is missing. */
  static async create(options: CodePoolOptions = {}): Promise<CodePool> {
    const workers = options.workers ?? Math.min(os.availableParallelism(), UIDS_PER_POOL);
    if (!Number.isInteger(workers) || workers < 1) throw new InputError(`workers must be a positive integer, got ${workers}`, { field: 'workers' });
    const python = resolvePython(options.python);
    const bwrap = options.unsafeNoSandbox ? undefined : findBwrap(options.bwrap);
    const pool = new CodePool(options.limits ?? {}, options.retestTimeouts ?? 1);
    resolveLimits(options.limits); // validate early
    if (workers > UIDS_PER_POOL && options.childUidBase === undefined) throw new InputError(`at most ${UIDS_PER_POOL} workers per pool`, { field: 'workers' });
    const uidBase = options.childUidBase ?? defaultChildUidBase();
    const base = { python, serverDir: serverDir(), bwrap, tmpMb: options.tmpMb ?? 256, startupTimeoutMs: 20_000 };
    const started = await Promise.allSettled(
      Array.from({ length: workers }, (_, i) => {
        const cfg: WorkerConfig = { ...base, childUid: uidBase + i };
        return SandboxWorker.start(cfg).then((w) => ({ w, cfg }));
      }),
    );
    const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    for (const s of started) if (s.status === 'fulfilled') pool.adopt(s.value.w, s.value.cfg);
    if (failure) {
      await pool.close();
      throw failure.reason;
    }
    return pool;
  }

  get size(): number {
    return this.all.size;
  }

  /** Host pids of the running sandboxes (for diagnostics and tests). */
  sandboxPids(): number[] {
    return [...this.all].map((w) => w.pid).filter((p): p is number => p !== undefined);
  }

  private adopt(w: SandboxWorker, cfg: WorkerConfig): void {
    this.all.add(w);
    this.configs.set(w, cfg);
    this.release(w);
  }

  private acquire(): Promise<SandboxWorker> {
    if (this.closed) return Promise.reject(new Error('CodePool is closed'));
    const w = this.idle.pop();
    if (w) return Promise.resolve(w);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(w: SandboxWorker): void {
    const next = this.waiting.shift();
    if (next) next.resolve(w);
    else this.idle.push(w);
  }

  /** Replaces a dead sandbox with a fresh one (same child uid). If that fails the dead one stays
   * in the pool, so the next job tries again instead of the pool shrinking to nothing. */
  private async revive(w: SandboxWorker): Promise<SandboxWorker> {
    const cfg = this.configs.get(w);
    if (!cfg) throw new Error('unknown worker');
    w.kill();
    const fresh = await SandboxWorker.start(cfg);
    this.all.delete(w);
    this.configs.delete(w);
    this.all.add(fresh);
    this.configs.set(fresh, cfg);
    return fresh;
  }

  /** Runs one test on a given worker, retrying sandbox errors and (re-testing) timeouts. */
  private async runOn(
    worker: SandboxWorker,
    program: string,
    test: CodeTest,
    jobLimits: Partial<SandboxLimits> | undefined,
  ): Promise<{ worker: SandboxWorker; result: TestResult }> {
    const limits = resolveLimits(this.defaults, jobLimits, test.limits);
    const inputTimeouts = test.kind === 'call' ? (test.inputTimeoutsS ?? [limits.wallS]) : [];
    const { test: publicTest, expect } = withoutExpectations(testForServer(test, inputTimeouts));
    const body = { op: 'run', program, test: publicTest, limits: limitsForServer(limits) };
    let w = worker;
    let attempts = 0;
    let sandboxFailures = 0;
    let timeouts = 0;
    for (;;) {
      attempts++;
      let result: TestResult;
      try {
        result = toTestResult(await w.request(body, expect, limits.wallS * 1000 + ANSWER_SLACK_MS), attempts);
      } catch (err) {
        if (!(err instanceof SandboxCrash)) throw err;
        result = sandboxErrorResult(err.message, attempts);
        try {
          w = await this.revive(w);
        } catch (e) {
          return { worker: w, result: sandboxErrorResult(`${err.message}; restarting the sandbox failed: ${(e as Error).message}`, attempts) };
        }
      }
      if (result.status === 'sandbox_error' && sandboxFailures++ < SANDBOX_RETRIES) continue;
      if (result.status === 'timeout' && timeouts++ < this.retestTimeouts) continue;
      return { worker: w, result };
    }
  }

  /** Runs the program against each test in order (by default stopping at the first failure). */
  async run(job: CodeJob): Promise<JobResult> {
    let worker = await this.acquire();
    const started = performance.now(); // time on a sandbox, not time queued for one
    const tests: TestResult[] = [];
    try {
      for (const test of job.tests) {
        const { worker: w, result } = await this.runOn(worker, job.program, test, job.limits);
        worker = w;
        tests.push(result);
        if (result.status !== 'pass' && (job.stopOnFirstFailure ?? true)) break;
      }
    } finally {
      if (this.all.has(worker) && !this.closed) this.release(worker);
    }
    const firstBad = tests.find((t) => t.status !== 'pass');
    return {
      status: firstBad?.status ?? (job.tests.length === 0 ? 'error' : 'pass'),
      passed: tests.filter((t) => t.status === 'pass').length,
      total: job.tests.length,
      durationMs: performance.now() - started,
      detail: firstBad?.detail ?? (job.tests.length === 0 ? 'no tests to run' : ''),
      tests,
    };
  }

  /** Stops every sandbox. Jobs still queued are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(new Error('CodePool is closed'));
    await Promise.all([...this.all].map((w) => w.close()));
    this.all.clear();
    this.idle.length = 0;
  }
}
