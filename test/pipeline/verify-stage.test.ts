import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { builtinBenchmark } from '../../src/bench/registry.js';
import { loadBenchmark } from '../../src/bench/load-benchmark.js';
import { registerBenchmark } from '../../src/sample/register-benchmark.js';
import { openStudy, sampleSeed, type StudyStore } from '../../src/study/index.js';
import { MathGradingPool } from '../../src/verify/math/pool.js';
import { CodePool } from '../../src/verify/code/index.js';
import { verifyRun } from '../../src/pipeline/verify-stage.js';
import { MathVerifier, mathVerifierKey } from '../../src/verify/math-verifier.js';
import { CodeVerifier } from '../../src/verify/code-verifier.js';
import { sharedData } from '../helpers/shared-data.js';

const dataDir = sharedData();
let dir: string;
let store: StudyStore;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rlbound-verify-'));
  store = await openStudy(path.join(dir, 'study.sqlite'));
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function runFor(benchmark: string, limit: number, texts: (p: { key: string; gold: unknown }, i: number) => string[]) {
  const loaded = await loadBenchmark(builtinBenchmark(benchmark), { dataDir, limit });
  const { benchmark: b, problems } = await registerBenchmark(store, loaded);
  const model = await store.putModel({ name: `m-${benchmark}`, provider: 'test', endpoint: null, info: {} });
  const { run } = await store.findOrCreateRun({
    modelId: model.id,
    benchmarkId: b.id,
    sampling: { temperature: 0.6 },
    targetN: 2,
    baseSeed: 0,
    promptTemplateHash: 'x',
  });
  await store.insertSamples(
    problems.flatMap((p, pi) => texts(p, pi).map((text, si) => ({ runId: run.id, problemId: p.id, sampleIndex: si, seed: sampleSeed(0, p.index, si), text }))),
  );
  return run.id;
}

describe('verify stage', () => {
  it('math: grades every sample once, stores extracted answer and reason, and resumes', async () => {
    const runId = await runFor('math500', 5, (p) => [`So the answer is $\\boxed{${String(p.gold)}}$.`, 'I think it is \\boxed{-12345}.']);
    const pool = new MathGradingPool({ workers: 1 });
    try {
      const first = await verifyRun({ store, runId, verifier: new MathVerifier({ kind: 'math', policy: 'strict' }, pool) });
      expect(first).toMatchObject({ verified: 10, correct: 5, sandboxErrors: 0 });
      const again = await verifyRun({ store, runId, verifier: new MathVerifier({ kind: 'math', policy: 'strict' }, pool) });
      expect(again.verified).toBe(0);
      const outcomes = await store.loadOutcomes(runId, mathVerifierKey('strict'));
      expect(outcomes).toHaveLength(5);
      for (const o of outcomes) expect([o.n, o.c]).toEqual([2, 1]);
      const rows = [];
      for await (const r of store.iterateSampleTable({ runId, verifier: mathVerifierKey('strict') })) rows.push(r);
      expect(rows.filter((r) => (r as { extracted?: string | null }).extracted === '-12345')).toHaveLength(5);
    } finally {
      await pool.close();
    }
  });

  it('code: HumanEval+ canonical solutions pass and a broken one fails, LiveCodeBench programs are judged by their tests', async () => {
    const pool = await CodePool.create({ workers: 2 });
    try {
      const he = await runFor('humanevalplus', 2, (p) => {
        const gold = p.gold as { prompt: string; canonicalSolution: string };
        return ['```python\n' + gold.prompt + gold.canonicalSolution + '\n```', 'no code here'];
      });
      const r = await verifyRun({ store, runId: he, verifier: new CodeVerifier({ kind: 'code' }, pool) });
      expect(r).toMatchObject({ verified: 4, correct: 2, sandboxErrors: 0 });

      const lcb = await runFor('livecodebench', 1, () => [
        '```python\nn=int(input())\na=list(map(int,input().split()))\nb=sorted(a)\nprint(a.index(b[-2])+1)\n```',
        '```python\nprint(1)\n```',
      ]);
      const r2 = await verifyRun({ store, runId: lcb, verifier: new CodeVerifier({ kind: 'code' }, pool) });
      expect(r2).toMatchObject({ verified: 2, correct: 1 });
    } finally {
      await pool.close();
    }
  });
});
