import type { MessagePort } from 'node:worker_threads';
import type { ChunkPart } from './sample-chunks.js';
import type { SamplingParams } from './sampling-params.js';
import type { TokenSample } from './sampler.js';

/** Slots of the shared Int32Array that coordinates ParallelSampler's threads. */
export const CTRL_NEXT = 0; // next unclaimed chunk index (Atomics.add)
export const CTRL_DONE = 1; // id of the last job the worker finished
export const CTRL_READY = 2; // 1 once the worker has its model and backend
export const CTRL_SLOTS = 3;

export interface WorkerSetup {
  ctrl: SharedArrayBuffer;
  params: SharedArrayBuffer;
  results: MessagePort;
  maxRows: number;
}

export interface WorkerJob {
  id: number;
  chunks: ChunkPart[][];
  params: SamplingParams;
}

export type WorkerResult = { job: number; chunk: number; out: TokenSample[][] } | { job: number; error: string };
