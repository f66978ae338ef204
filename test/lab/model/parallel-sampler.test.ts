import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/cli.js';

type ModelApi = typeof import('../../../src/lab/model/index.js');

// The worker thread runs compiled JavaScript, so this test loads the built library (npm test builds
// before running the suite), exactly as the CLI does.
async function builtApi(): Promise<ModelApi> {
  const index = path.join(repoRoot, 'dist', 'lab', 'model', 'index.js');
  expect(existsSync(index), 'dist/ must be built (npm run build)').toBe(true);
  return (await import(pathToFileURL(index).href)) as ModelApi;
}

describe('ParallelSampler (two threads)', () => {
  it('gives exactly the single-thread samples, including after a weight update', async () => {
    const api = await builtApi();
    const model = api.createModel({ layers: 2, dModel: 32, heads: 4, context: 32, vocab: 12 }, { seed: 3 });
    const rng = new api.Rng(4);
    for (let i = 0; i < model.params.length; i++) model.params[i] += rng.normal() * 0.2;
    const parallel = new api.ParallelSampler(model, { chunkRows: 16 });
    try {
      expect(parallel.threads).toBe(2);
      const requests = [
        { prompt: [1, 2, 3, 4], seeds: Array.from({ length: 150 }, (_, i) => i) },
        { prompt: [1, 5], seeds: [7, 8, 9] },
      ];
      const params = { temperature: 1, topP: 0.9, maxTokens: 12, stopTokens: [2] };
      // Wait until the worker has its model (before that, sampling simply runs on this thread).
      for (let t = 0; t < 200; t++) {
        parallel.sample([{ prompt: [1], seeds: [0] }], { maxTokens: 1 });
        await new Promise((r) => setTimeout(r, 25));
        if ((parallel as unknown as { ctrl: Int32Array }).ctrl[2] === 1) break;
      }
      const single = new api.Sampler(model);
      const expected = single.sample(requests, params);
      // The split between threads is dynamic: repeat until the worker has taken part at least once.
      let workerTookPart = false;
      for (let attempt = 0; attempt < 5 && !workerTookPart; attempt++) {
        expect(parallel.sample(requests, params)).toEqual(expected);
        workerTookPart = parallel.workerChunks > 0;
      }
      expect(workerTookPart).toBe(true);
      // New weights must reach the worker.
      for (let i = 0; i < model.params.length; i++) model.params[i] *= 1.1;
      expect(parallel.sample(requests, params)).toEqual(single.sample(requests, params));
      expect(() => parallel.sample([{ prompt: [1, 99], seeds: [1] }], params)).toThrow(/outside the vocabulary/);
    } finally {
      await parallel.close();
    }
  });
});
