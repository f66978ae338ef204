import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { GradeRequest, type MathVerdict } from './types.js';
import { MATH_VERIFIER_VERSION } from './version.js';

export interface PoolOptions {
  /** Worker threads; default one per core. */
  workers?: number;
  /** Wall-clock budget per verdict in ms (default 2000); past it the worker is replaced. */
  budgetMs?: number;
  /** Worker script to run instead of the built-in one (tests of failure handling). */
  workerFile?: string;
}

export interface BatchOptions {
  /** Grade identical (response|pred, gold, policy, benchmark, question) rows once per batch (default true). */
  cache?: boolean;
}

interface Pending {
  id: number;
  request: GradeRequest;
  resolve: (v: MathVerdict) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** The chunk sent to this worker, answered in order; `next` indexes the verdict being computed. */
  chunk: Pending[];
  next: number;
  timer: NodeJS.Timeout | null;
}

/** Requests sent per message: large enough to amortize thread wake-ups, small enough to share work. */
const MAX_CHUNK = 32;
const MAX_STARTUP_FAILURES = 3;

/** The compiled worker: next to this file in dist/, or dist/ mirrored when running from src/*.ts (tests). */
function workerPath(): string {
  const here = fileURLToPath(import.meta.url);
  const js = here.replace(/\.ts$/, '.js').replace(/pool\.js$/, 'worker.js');
  if (!here.endsWith('.ts')) return js;
  const rel = path.relative(path.resolve(path.dirname(here), '..', '..'), path.dirname(here));
  const built = path.resolve(path.dirname(here), '..', '..', '..', 'dist', rel, 'worker.js');
  if (!existsSync(built)) throw new Error(`compiled worker not found at ${built}: run "npm run build" first`);
  return built;
}

/**
 * A pool of worker threads that grade math answers with a per-verdict time budget. Requests go
 * to workers in chunks; each verdict comes back as its own message and restarts the budget clock
 * for the next one. A verdict that runs past the budget is answered `{correct: false, reason:
 * "timeout"}`, its worker is terminated and replaced, and the rest of its chunk is queued again,
 * so one pathological answer never blocks the rest of a batch.
 */
export class MathGradingPool {
  private readonly slots: Slot[] = [];
  /** FIFO of waiting jobs; `head` indexes the next one (Array#shift is O(n) on large batches). */
  private queue: Pending[] = [];
  private head = 0;
  private readonly budgetMs: number;
  private readonly file: string;
  private nextId = 0;
  private closed = false;
  /** Workers replaced after a timeout (for reports and tests). */
  recycled = 0;
  /** Verdicts sent to workers (a cached duplicate is not sent). */
  dispatched = 0;
  private startupFailures = 0;

  constructor(options: PoolOptions = {}) {
    const n = Math.max(1, options.workers ?? os.availableParallelism());
    this.budgetMs = options.budgetMs ?? 2000;
    this.file = options.workerFile ?? workerPath();
    for (let i = 0; i < n; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.file), ready: false, chunk: [], next: 0, timer: null };
    slot.worker.on('message', (msg: { id: number; verdict: MathVerdict } | { ready: true }) => {
      if ('ready' in msg) {
        slot.ready = true;
        this.startupFailures = 0;
        this.pump();
        return;
      }
      const job = slot.chunk[slot.next];
      if (!job || job.id !== msg.id) return;
      slot.next++;
      job.resolve(msg.verdict);
      if (slot.next < slot.chunk.length) this.arm(slot);
      else this.release(slot);
    });
    slot.worker.on('error', (err) => {
      if (slot.next < slot.chunk.length) this.fail(slot, `worker error: ${err.message}`);
      else if (!slot.ready) this.startupFailed(slot, err);
    });
    if (this.waiting() === 0) slot.worker.unref();
    return slot;
  }

  /**
   * A worker that dies before it is ready (e.g. its module fails to load) is replaced; after
   * repeated failures every waiting request is answered with the error instead of waiting forever.
   */
  private startupFailed(slot: Slot, err: Error): void {
    this.startupFailures++;
    const idx = this.slots.indexOf(slot);
    if (this.startupFailures <= MAX_STARTUP_FAILURES) {
      if (idx >= 0 && !this.closed) this.slots[idx] = this.spawn();
      return;
    }
    for (const job of this.queue.slice(this.head)) job.resolve(this.failure(job.request, `worker failed to start: ${err.message}`));
    this.queue = [];
    this.head = 0;
  }

  private failure(request: GradeRequest, reason: string): MathVerdict {
    return { correct: false, extracted: null, reason, policy: request.policy ?? 'strict', version: MATH_VERIFIER_VERSION };
  }

  /** (Re)starts the budget clock for the verdict the slot is computing now. */
  private arm(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => this.fail(slot, 'timeout'), this.budgetMs);
  }

  /** Stops the budget clock and forgets the slot's chunk. */
  private clear(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.chunk = [];
    slot.next = 0;
  }

  private release(slot: Slot): void {
    this.clear(slot);
    this.pump();
  }

  /** The current verdict fails; the worker is replaced and the rest of its chunk goes back to the queue front. */
  private fail(slot: Slot, reason: string): void {
    const job = slot.chunk[slot.next];
    const rest = slot.chunk.slice(slot.next + 1);
    this.clear(slot);
    void slot.worker.terminate();
    this.recycled++;
    const idx = this.slots.indexOf(slot);
    if (idx >= 0 && !this.closed) this.slots[idx] = this.spawn();
    if (rest.length > 0) {
      this.queue = [...rest, ...this.queue.slice(this.head)];
      this.head = 0;
    }
    job?.resolve(this.failure(job.request, reason));
    this.pump();
  }

  private waiting(): number {
    return this.queue.length - this.head;
  }

  private pump(): void {
    if (this.closed) return;
    const idle = this.slots.filter((s) => s.ready && s.chunk.length === 0).length;
    for (const slot of this.slots) {
      if (this.waiting() === 0) break;
      if (!slot.ready || slot.chunk.length > 0) continue;
      const size = Math.min(MAX_CHUNK, Math.max(1, Math.ceil(this.waiting() / Math.max(1, idle))));
      slot.chunk = this.queue.slice(this.head, this.head + size);
      slot.next = 0;
      this.head += slot.chunk.length;
      if (this.head > 4096 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      this.dispatched += slot.chunk.length;
      this.arm(slot);
      slot.worker.postMessage(slot.chunk.map((j) => ({ id: j.id, request: j.request })));
    }
    // Keep the process alive only while work is pending, so an idle pool never blocks exit.
    const active = this.waiting() > 0 || this.slots.some((s) => s.chunk.length > 0);
    for (const s of this.slots) {
      if (active) s.worker.ref();
      else s.worker.unref();
    }
  }

  /** Grades one request within the budget. Throws only for a malformed request. */
  grade(request: GradeRequest): Promise<MathVerdict> {
    if (this.closed) return Promise.reject(new Error('pool is closed'));
    const parsed = GradeRequest.parse(request);
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, request: parsed, resolve });
      if (this.waiting() === 1) queueMicrotask(() => this.pump());
    });
  }

  /** Grades a batch in order; identical rows are graded once when `cache` is on. */
  async gradeBatch(requests: GradeRequest[], options: BatchOptions = {}): Promise<MathVerdict[]> {
    const useCache = options.cache ?? true;
    const cache = new Map<string, Promise<MathVerdict>>();
    return Promise.all(
      requests.map((r) => {
        if (!useCache) return this.grade(r);
        const key = JSON.stringify([r.policy ?? 'strict', r.benchmark ?? '', r.response ?? null, r.pred ?? null, r.gold, r.question ?? null]);
        let p = cache.get(key);
        if (!p) {
          p = this.grade(r);
          cache.set(key, p);
        }
        return p;
      }),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.slice(this.head)) job.resolve(this.failure(job.request, 'pool closed'));
    this.queue = [];
    this.head = 0;
    for (const s of this.slots) {
      if (s.timer) clearTimeout(s.timer);
      for (const job of s.chunk.slice(s.next)) job.resolve(this.failure(job.request, 'pool closed'));
      s.chunk = [];
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
