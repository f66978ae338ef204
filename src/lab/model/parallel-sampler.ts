import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { BackendChoice } from '../tensor/select-backend.js';
import type { GptModel } from './gpt.js';
import { CTRL_DONE, CTRL_NEXT, CTRL_READY, CTRL_SLOTS, type WorkerJob, type WorkerResult } from './parallel-protocol.js';
import { planChunks } from './sample-chunks.js';
import { Sampler, type LogitsHook, type PromptSamples, type TokenSample } from './sampler.js';
import type { SamplingParamsInput } from './sampling-params.js';

/** Backend names as reported by ComputeBackend.name → the choice that recreates them in a worker. */
const BACKEND_BY_NAME: Record<string, BackendChoice> = { 'ts-reference': 'reference', 'wasm-simd': 'wasm', openblas: 'openblas' };

export interface ParallelSamplerOptions {
  /** Samples decoded together per chunk (default 64: large enough for efficient gemms). */
  chunkRows?: number;
}

/**
 * The Sampler on two threads: this one and one worker, which share the work chunk by chunk through
 * an atomic counter (so a busy core simply takes fewer chunks). Results are identical to `Sampler`
 * — every sample depends only on its prompt, seed and the weights — and the call stays synchronous:
 * the main thread samples its share, then blocks on Atomics.wait until the worker is done.
 *
 * The worker runs the compiled JavaScript (dist/); when that is not available (running the
 * TypeScript sources) or the model is in float64 mode, everything runs on the calling thread and
 * `threads` is 1. Call `close()` when done (the worker does not keep the process alive meanwhile).
 */
export class ParallelSampler {
  readonly threads: number;
  private readonly local: Sampler;
  private readonly chunkRows: number;
  private worker: Worker | null = null;
  private ctrl: Int32Array | null = null;
  private sharedParams: Float32Array | null = null;
  private resultPort: MessagePort | null = null;
  private jobId = 0;
  /** Chunks the worker sampled in the last call (diagnostics; 0 when it ran on this thread only). */
  workerChunks = 0;

  constructor(
    readonly model: GptModel,
    options: ParallelSamplerOptions = {},
  ) {
    this.chunkRows = options.chunkRows ?? 64;
    this.local = new Sampler(model, this.chunkRows);
    const workerFile = fileURLToPath(new URL('./sample-worker.js', import.meta.url));
    const backend = BACKEND_BY_NAME[model.engine.backendName];
    if (model.engine.precision !== 'float32' || backend === undefined || !existsSync(workerFile)) {
      this.threads = 1;
      return;
    }
    const ctrlBuffer = new SharedArrayBuffer(4 * CTRL_SLOTS);
    const paramsBuffer = new SharedArrayBuffer(4 * model.params.length);
    const { port1, port2 } = new MessageChannel();
    this.worker = new Worker(workerFile, {
      workerData: { ctrl: ctrlBuffer, params: paramsBuffer, results: port2, maxRows: this.chunkRows, config: model.config, backend },
      transferList: [port2],
    });
    this.worker.unref();
    this.ctrl = new Int32Array(ctrlBuffer);
    this.sharedParams = new Float32Array(paramsBuffer);
    this.resultPort = port1;
    this.threads = 2;
  }

  sample(requests: readonly PromptSamples[], paramsInput: SamplingParamsInput, hook?: LogitsHook): TokenSample[][] {
    const params = Sampler.parseParams(paramsInput);
    this.local.checkRequests(requests);
    // A logits hook must run on this thread; and a worker still starting up would only make us wait.
    const { ctrl, worker, sharedParams, resultPort } = this;
    if (hook || ctrl === null || worker === null || sharedParams === null || resultPort === null || Atomics.load(ctrl, CTRL_READY) !== 1)
      return this.local.sample(requests, params, hook);

    this.workerChunks = 0;
    const chunks = planChunks(requests, this.chunkRows);
    const results: TokenSample[][] = requests.map(() => []);
    const byChunk: (TokenSample[][] | undefined)[] = new Array(chunks.length);
    sharedParams.set(this.model.params);
    const job: WorkerJob = { id: ++this.jobId, chunks, params };
    Atomics.store(ctrl, CTRL_NEXT, 0);
    worker.postMessage(job);
    let error: string | null = null;
    for (;;) {
      const i = Atomics.add(ctrl, CTRL_NEXT, 1);
      if (i >= chunks.length) break;
      try {
        byChunk[i] = this.local.sampleChecked(
          chunks[i].map((c) => c.req),
          params,
        );
      } catch (e) {
        // Let the worker finish its claimed chunk before reporting, so the next job starts clean.
        error = e instanceof Error ? e.message : String(e);
        Atomics.store(ctrl, CTRL_NEXT, chunks.length);
        break;
      }
    }
    const started = Date.now();
    while (Atomics.load(ctrl, CTRL_DONE) !== job.id) {
      Atomics.wait(ctrl, CTRL_DONE, Atomics.load(ctrl, CTRL_DONE), 1000);
      if (Date.now() - started > 600_000) throw new Error('sampling worker did not finish within 10 minutes');
    }
    for (let msg = receiveMessageOnPort(resultPort); msg !== undefined; msg = receiveMessageOnPort(resultPort)) {
      const r = msg.message as WorkerResult;
      if (r.job !== job.id) continue;
      if ('error' in r) error ??= `sampling worker: ${r.error}`;
      else {
        byChunk[r.chunk] = r.out;
        this.workerChunks++;
      }
    }
    if (error !== null) throw new Error(error);
    chunks.forEach((chunk, i) => {
      const out = byChunk[i];
      if (out === undefined) throw new Error(`internal: chunk ${i} of ${chunks.length} was not sampled`);
      chunk.forEach((c, j) => results[c.group].push(...out[j]));
    });
    return results;
  }

  /** Stop the worker thread. */
  close(): Promise<number> | undefined {
    const w = this.worker;
    this.worker = null;
    this.resultPort?.close();
    // The caller's-thread sampler's wasm buffers go back to the heap (it re-allocates if used again).
    this.local.dispose();
    return w?.terminate();
  }
}
