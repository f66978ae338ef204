import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodePool,
  evalPlusJob,
  humanEvalCheckTest,
  loadEvalPlus,
  prepareEvalPlus,
  verifyCodeResponse,
  type EvalPlusTask,
  type PreparedEvalPlusTask,
} from '../../../src/verify/code/index.js';
import { humanEvalPlusFile } from './data.js';

// Ground truth of the harness itself: every canonical solution must pass every base and plus
// input of its task (the expected outputs come from running it in the sandbox first, as EvalPlus
// does), and deliberately broken programs must fail with the right status.
let pool: CodePool;
let tasks: EvalPlusTask[];
let prepared: PreparedEvalPlusTask[];
const byId = (id: string): PreparedEvalPlusTask => prepared.find((p) => p.taskId === id)!;
const canonical = (id: string): string => {
  const t = tasks.find((x) => x.taskId === id)!;
  return t.prompt + t.canonicalSolution;
};

beforeAll(async () => {
  pool = await CodePool.create({ workers: 2 });
  tasks = loadEvalPlus(humanEvalPlusFile);
  prepared = await prepareEvalPlus(pool, tasks);
});
afterAll(async () => pool?.close());

describe('HumanEval+ with the canonical solutions', () => {
  it('reads all 164 tasks with their base and plus inputs', () => {
    expect(tasks).toHaveLength(164);
    expect(tasks.reduce((n, t) => n + t.baseInputs.count, 0)).toBe(1570);
    expect(tasks.reduce((n, t) => n + t.plusInputs.count, 0)).toBe(122683);
    for (const p of prepared) expect(p.plus.referenceTimesS).toHaveLength(tasks.find((t) => t.taskId === p.taskId)!.plusInputs.count);
  });

  it('every canonical solution passes all base and plus inputs', async () => {
    const results = await Promise.all(prepared.map((p) => pool.run(evalPlusJob(p, canonical(p.taskId)))));
    const failures = results.map((r, i) => ({ task: prepared[i].taskId, status: r.status, detail: r.detail })).filter((r) => r.status !== 'pass');
    expect(failures).toEqual([]);
    expect(results.every((r) => r.passed === 2 && r.total === 2)).toBe(true);
  });
});

describe('broken programs fail with the right status', () => {
  it('off-by-one is a wrong answer (fail) naming the input', async () => {
    // HumanEval/2 truncate_number; the broken one adds 1 to the fractional part.
    const r = await pool.run(evalPlusJob(byId('HumanEval/2'), 'def truncate_number(number: float) -> float:\n    return number % 1.0 + 1\n'));
    expect(r.status).toBe('fail');
    expect(r.detail).toMatch(/^input #0: expected 0\.5, got 1\.5/);
  });

  it('a wrong return type fails even where the value looks alike', async () => {
    // HumanEval/0 returns a bool; returning the string "True" is wrong.
    const r = await pool.run(evalPlusJob(byId('HumanEval/0'), canonical('HumanEval/0').replace(/return True/g, 'return "True"')));
    expect(r.status).toBe('fail');
    expect(r.detail).toContain("got 'True'");
  });

  it('an exception is an error', async () => {
    const r = await pool.run(evalPlusJob(byId('HumanEval/4'), 'def mean_absolute_deviation(numbers):\n    raise ValueError("boom")\n'));
    expect(r.status).toBe('error');
    expect(r.detail).toBe('ValueError: boom');
  });

  it('a program that does not compile is an error', async () => {
    const r = await pool.run(evalPlusJob(byId('HumanEval/4'), 'def mean_absolute_deviation(numbers):\n    return (\n'));
    expect(r.status).toBe('error');
    expect(r.detail).toMatch(/^SyntaxError/);
  });

  it('an infinite loop is a timeout, per input, after its calibrated limit', async () => {
    const job = evalPlusJob(byId('HumanEval/13'), 'def greatest_common_divisor(a, b):\n    while True:\n        pass\n', {
      calibration: { floorS: 0.5, factor: 4, testCapS: 60 },
    });
    const r = await pool.run(job);
    expect(r.status).toBe('timeout');
    expect(r.detail).toBe('input #0 exceeded its time limit');
    expect(r.tests[0].attempts).toBe(2); // timeouts are re-tested once
  });

  it('a correct solution written differently passes (floats within atol, ints for floats)', async () => {
    const r = await pool.run(
      evalPlusJob(byId('HumanEval/2'), 'import math\ndef truncate_number(number: float) -> float:\n    return number - math.floor(number)\n'),
    );
    expect(r.status).toBe('pass');
  });

  it('the original assert-style check() passes for the canonical and fails for a broken solution', async () => {
    const task = tasks.find((t) => t.taskId === 'HumanEval/13')!;
    const ok = await pool.run({ program: canonical('HumanEval/13'), tests: [humanEvalCheckTest(task)] });
    expect(ok.status).toBe('pass');
    const bad = await pool.run({ program: 'def greatest_common_divisor(a, b):\n    return 1\n', tests: [humanEvalCheckTest(task)] });
    expect(bad.status).toBe('fail');
    expect(bad.detail).toMatch(/^AssertionError/);
  });

  it('verifies responses: a completion continues the prompt; base can pass while plus fails', async () => {
    const task = byId('HumanEval/13');
    const completion = await verifyCodeResponse(
      pool,
      { kind: 'evalplus', task, responseMode: 'completion' },
      '    while b:\n        a, b = b, a % b\n    return a\n',
    );
    expect(completion).toMatchObject({ status: 'pass', correct: true, baseCorrect: true });
    // Wrong only for inputs that HumanEval's base tests do not contain (numbers above 1000).
    const chat = '```python\ndef greatest_common_divisor(a, b):\n    if a > 1000:\n        return 1\n    while b:\n        a, b = b, a % b\n    return a\n```';
    const v = await verifyCodeResponse(pool, { kind: 'evalplus', task }, chat);
    expect(v.baseCorrect).toBe(true);
    expect(v.status).toBe('fail');
  });
});
