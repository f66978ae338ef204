/**
 * Worker-thread side of ParallelSampler: a copy of the model on the same kind of compute backend,
 * whose weights are refreshed from shared memory at every job. It claims chunks from the shared
 * counter, samples them exactly as the main thread would, posts each chunk's result on the result
 * port, and raises the DONE flag (Atomics) when no chunk is left.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { float32Engine } from '../tensor/engine.js';
import { getBackend, type BackendChoice } from '../tensor/select-backend.js';
import { GptModel } from './gpt.js';
import type { GptConfig } from './config.js';
import { CTRL_DONE, CTRL_NEXT, CTRL_READY, type WorkerJob, type WorkerSetup } from './parallel-protocol.js';
import { Sampler } from './sampler.js';

const setup = workerData as WorkerSetup & { config: GptConfig; backend: BackendChoice };
const ctrl = new Int32Array(setup.ctrl);
const sharedParams = new Float32Array(setup.params);
const results: MessagePort = setup.results;
const model = new GptModel(setup.config, float32Engine(getBackend(setup.backend)));
const sampler = new Sampler(model, setup.maxRows);
Atomics.store(ctrl, CTRL_READY, 1);

parentPort?.on('message', (job: WorkerJob) => {
  try {
    model.params.set(sharedParams);
    for (;;) {
      const i = Atomics.add(ctrl, CTRL_NEXT, 1);
      if (i >= job.chunks.length) break;
      const out = sampler.sampleChecked(
        job.chunks[i].map((c) => c.req),
        job.params,
      );
      results.postMessage({ job: job.id, chunk: i, out });
    }
  } catch (e) {
    results.postMessage({ job: job.id, error: e instanceof Error ? e.message : String(e) });
  }
  Atomics.store(ctrl, CTRL_DONE, job.id);
  Atomics.notify(ctrl, CTRL_DONE);
});
