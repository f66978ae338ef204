import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBenchmark } from '../../src/bench/load-benchmark.js';
import { builtinBenchmark } from '../../src/bench/registry.js';
import { sharedData } from '../helpers/shared-data.js';

describe('tests never fall back to the network', () => {
  it('missing shared data is named at once', () => {
    expect(() => sharedData('no-such-benchmark', 'test.jsonl')).toThrow(/test data missing: .*shared\/data\/no-such-benchmark\/test\.jsonl/);
  });

  it('a built-in benchmark whose data is not in the data folder fails in offline mode instead of downloading', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'rlbound-nodata-'));
    try {
      const t0 = performance.now();
      await expect(loadBenchmark(builtinBenchmark('math500'), { dataDir: empty })).rejects.toThrow(/offline/);
      expect(performance.now() - t0).toBeLessThan(5000);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
