import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBenchmark } from '../../../src/bench/load-benchmark.js';
import { builtinBenchmark } from '../../../src/bench/registry.js';
import {
  CodePool,
  codeTargetForProblem,
  loadEvalPlus,
  prepareEvalPlus,
  verifyCodeResponse,
  type PreparedEvalPlusTask,
} from '../../../src/verify/code/index.js';
import { humanEvalPlusFile, liveCodeBenchFile } from './data.js';

// Benchmark problems as the study pipeline loads them (src/bench) → code targets → verdicts.
let pool: CodePool;
beforeAll(async () => {
  pool = await CodePool.create({ workers: 2 });
});
afterAll(async () => pool?.close());

describe('codeTargetForProblem', () => {
  it('verifies LiveCodeBench problems loaded by the benchmark loader', async () => {
    const { problems } = await loadBenchmark(builtinBenchmark('livecodebench'), { file: liveCodeBenchFile });
    const stdin = codeTargetForProblem(problems[117]);
    const right = '```python\nprint("Yes" if input().endswith("san") else "No")\n```';
    expect((await verifyCodeResponse(pool, stdin, right)).status).toBe('pass');
    const functional = codeTargetForProblem(problems[249]);
    const fn = '```python\nclass Solution:\n    def smallestNumber(self, n: int) -> int:\n        return (1 << n.bit_length()) - 1\n```';
    expect(await verifyCodeResponse(pool, functional, fn)).toMatchObject({ status: 'pass', passed: 3, total: 3 });
  });

  it('verifies HumanEval+ problems against their prepared tasks, and says when one is missing', async () => {
    const { problems } = await loadBenchmark(builtinBenchmark('humanevalplus'), { file: humanEvalPlusFile, limit: 3 });
    const tasks = loadEvalPlus(humanEvalPlusFile).filter((t) => problems.some((p) => p.id === t.taskId));
    const prepared = new Map<string, PreparedEvalPlusTask>((await prepareEvalPlus(pool, tasks)).map((t) => [t.taskId, t]));
    for (const [i, p] of problems.entries()) {
      const target = codeTargetForProblem(p, prepared, 'completion');
      const v = await verifyCodeResponse(pool, target, tasks[i].canonicalSolution);
      expect([p.id, v.status, v.baseCorrect]).toEqual([tasks[i].taskId, 'pass', true]);
    }
    expect(() => codeTargetForProblem(problems[0])).toThrow(/no prepared EvalPlus task for HumanEval\/0/);
  });
});
