import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { importResults, sourceVerdictKey } from '../../../src/study/index.js';
import { builtinResolver } from '../../../src/study/import/builtin-benchmarks.js';
import { verifyRun } from '../../../src/pipeline/verify-stage.js';
import { MathVerifier } from '../../../src/verify/math-verifier.js';
import { MathGradingPool } from '../../../src/verify/math/pool.js';
import { repoRoot } from '../../helpers/cli.js';
import { countsOf, freshStudy } from './import-helpers.js';

// Benchmark data is read from the shared folder, never copied into the repository.
const DATA = path.resolve(repoRoot, '..', 'shared', 'data');
const aime = readFileSync(path.join(DATA, 'aime24', 'test.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .slice(0, 3)
  .map((l) => JSON.parse(l) as { id: number; problem: string; answer: string });

let current: Awaited<ReturnType<typeof freshStudy>> | undefined;
afterEach(async () => {
  await current?.cleanup();
  current = undefined;
});

/** A math_eval seed file over AIME24 problems 2, 0, 1 (out of order, re-spaced, with a wrong `gt`). */
function writeAimeSeed(dir: string): string {
  const out = path.join(dir, 'aime24');
  mkdirSync(out, { recursive: true });
  const order = [2, 0, 1];
  const rows = order.map((k, idx) => ({
    idx,
    question: `  ${aime[k]!.problem.replace(/ /g, '  ')}\n`,
    gt: '0',
    code: [`so \\boxed{${aime[k]!.answer}}`, 'no idea', k === 0 ? `\\boxed{${aime[k]!.answer}}` : '\\boxed{1}'],
    pred: [aime[k]!.answer, '', k === 0 ? aime[k]!.answer : '1'],
    score: [false, false, false],
  }));
  const file = path.join(out, 'test_qwen25-math-cot_-1_seed0_t0.6_s0_e-1.jsonl');
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

describe('import: problems matched to a built-in benchmark', () => {
  it("matches AIME24 by problem text (not by the file's row index), takes its ids and gold, and re-grades against that gold", async () => {
    current = await freshStudy();
    const { dir, store } = current;
    const [report] = await importResults(store, { inputs: [writeAimeSeed(dir)], model: 'qwen', builtin: builtinResolver(DATA) });
    expect([report!.benchmark, report!.builtinBenchmark, report!.matched]).toEqual(['aime24', true, { key: 0, text: 3, index: 0, new: 0 }]);
    const run = (await store.getRun(report!.runId!))!;
    const problems = await store.listProblems(run.benchmarkId);
    expect(problems.length).toBe(30);
    // The source graded everything wrong (its gt was wrong); rlbound grades against AIME's gold.
    expect(await countsOf(store, run.id, sourceVerdictKey('math-eval'))).toEqual([
      ['60', 3, 0],
      ['61', 3, 0],
      ['62', 3, 0],
    ]);
    const pool = new MathGradingPool({ workers: 1 });
    try {
      const graded = await verifyRun({ store, runId: run.id, verifier: new MathVerifier({ kind: 'math', policy: 'strict' }, pool) });
      expect(await countsOf(store, run.id, graded.key)).toEqual([
        ['60', 3, 2],
        ['61', 3, 1],
        ['62', 3, 1],
      ]);
    } finally {
      await pool.close();
    }
  });

  it("keeps the file's own problems and gold when the named benchmark is not built in, and refuses rows a built-in one lacks", async () => {
    current = await freshStudy();
    const { dir, store } = current;
    const file = writeAimeSeed(dir);
    const [own] = await importResults(store, { inputs: [file], model: 'qwen', benchmark: 'my-aime', builtin: builtinResolver(DATA) });
    expect([own!.benchmark, own!.builtinBenchmark, own!.matched.new]).toEqual(['my-aime', false, 3]);
    expect((await store.listProblems((await store.getRun(own!.runId!))!.benchmarkId)).map((p) => p.gold)).toEqual(['0', '0', '0']);
    await expect(importResults(store, { inputs: [file], model: 'other', benchmark: 'math500', builtin: builtinResolver(DATA) })).rejects.toThrow(
      /seed0_t0\.6_s0_e-1\.jsonl:1, field "problem": matches no problem of benchmark "math500"/,
    );
  });
});
