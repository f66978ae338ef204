import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodePool,
  liveCodeBenchJob,
  loadLiveCodeBench,
  starterMethod,
  VerdictCache,
  verifyCodeResponse,
  type LcbProblem,
} from '../../../src/verify/code/index.js';
import { liveCodeBenchFile } from './data.js';

// Hand-written solutions for a few LiveCodeBench problems of each test type: the correct ones
// must pass every public test, the wrong ones must fail.
let pool: CodePool;
let problems: LcbProblem[];

beforeAll(async () => {
  pool = await CodePool.create({ workers: 2 });
  problems = loadLiveCodeBench(liveCodeBenchFile);
});
afterAll(async () => pool?.close());

/** The problem at `index`, after checking it is the one the solutions were written for. */
function problem(index: number, phrase: string): LcbProblem {
  const p = problems[index];
  expect(p.problem).toContain(phrase);
  return p;
}

const STDIN_CASES = [
  {
    index: 0,
    phrase: 'Which element in A is the second largest?',
    right: 'n = int(input())\na = list(map(int, input().split()))\nprint(a.index(sorted(a)[-2]) + 1)\n',
    wrong: 'n = int(input())\na = list(map(int, input().split()))\nprint(a.index(max(a)) + 1)\n',
  },
  {
    index: 58,
    phrase: 'Find the string obtained by removing all . from S.',
    right: 'print(input().replace(".", ""))\n',
    wrong: 'print(input().replace(".", " "))\n',
  },
  {
    index: 117,
    phrase: 'If S ends with san, print Yes',
    right: 's = input()\nprint("Yes" if s.endswith("san") else "No")\n',
    wrong: 's = input()\nprint("Yes" if "san" in s[:-1] else "No")\n',
  },
];

const FUNCTIONAL_CASES = [
  {
    index: 249,
    phrase: 'contains only set bits',
    method: 'smallestNumber',
    right: 'class Solution:\n    def smallestNumber(self, n: int) -> int:\n        return (1 << n.bit_length()) - 1\n',
    wrong: 'class Solution:\n    def smallestNumber(self, n: int) -> int:\n        return (1 << n.bit_length())\n',
  },
  {
    index: 243,
    phrase: 'product of its digits is divisible by t',
    method: 'smallestNumber',
    right:
      'class Solution:\n    def smallestNumber(self, n: int, t: int) -> int:\n        x = n\n        while prod(int(d) for d in str(x)) % t:\n            x += 1\n        return x\n',
    wrong: 'class Solution:\n    def smallestNumber(self, n: int, t: int) -> int:\n        return n\n',
  },
  {
    index: 268,
    phrase: 'subarrays of length 3',
    method: 'countSubarrays',
    right:
      'class Solution:\n    def countSubarrays(self, nums: List[int]) -> int:\n        return sum(2 * (nums[i] + nums[i + 2]) == nums[i + 1] for i in range(len(nums) - 2))\n',
    wrong:
      'class Solution:\n    def countSubarrays(self, nums: List[int]) -> int:\n        return sum(nums[i] + nums[i + 2] == 2 * nums[i + 1] for i in range(len(nums) - 2))\n',
  },
];

describe('LiveCodeBench', () => {
  it('reads all 279 problems; functional ones name their method in the starter code', () => {
    expect(problems).toHaveLength(279);
    const functional = problems.filter((p) => p.tests.some((t) => t.testtype === 'functional'));
    expect(functional.every((p) => starterMethod(p.starterCode) !== undefined)).toBe(true);
  });

  it.each(STDIN_CASES)('stdin problem #$index: right solution passes, wrong one fails', async (c) => {
    const p = problem(c.index, c.phrase);
    expect(p.tests.every((t) => t.testtype === 'stdin')).toBe(true);
    const ok = await pool.run({ ...liveCodeBenchJob(p, c.right), stopOnFirstFailure: false });
    expect(ok.detail).toBe('');
    expect(ok).toMatchObject({ status: 'pass', passed: p.tests.length, total: p.tests.length });
    const bad = await pool.run(liveCodeBenchJob(p, c.wrong));
    expect(bad.status).toBe('fail');
  });

  it.each(FUNCTIONAL_CASES)('functional problem #$index: right solution passes, wrong one fails', async (c) => {
    const p = problem(c.index, c.phrase);
    expect(starterMethod(p.starterCode)).toBe(c.method);
    const ok = await pool.run({ ...liveCodeBenchJob(p, c.right), stopOnFirstFailure: false });
    expect(ok.detail).toBe('');
    expect(ok).toMatchObject({ status: 'pass', passed: p.tests.length, total: p.tests.length });
    const bad = await pool.run(liveCodeBenchJob(p, c.wrong));
    expect(bad.status).toBe('fail');
    expect(bad.detail).toMatch(/^input #0: expected /);
  });

  it('a functional answer that crashes is an error, a missing method is an error', async () => {
    const p = problem(249, 'contains only set bits');
    const crash = await pool.run(liveCodeBenchJob(p, 'class Solution:\n    def smallestNumber(self, n):\n        return 1 // 0\n'));
    expect(crash.status).toBe('error');
    expect(crash.detail).toMatch(/^ZeroDivisionError/);
    const missing = await pool.run(liveCodeBenchJob(p, 'class Solution:\n    def other(self, n):\n        return n\n'));
    expect(missing.status).toBe('error');
    expect(missing.detail).toMatch(/^AttributeError/);
  });

  it('verifies a whole chat response: last python block, or no_code', async () => {
    const p = problem(117, 'If S ends with san, print Yes');
    const response = 'Idea first:\n```python\nprint("No")\n```\nFinal:\n```python\ns = input()\nprint("Yes" if s.endswith("san") else "No")\n```\n';
    const v = await verifyCodeResponse(pool, { kind: 'livecodebench', problem: p }, response);
    expect(v).toMatchObject({ status: 'pass', correct: true, passed: 2, total: 2 });
    const none = await verifyCodeResponse(pool, { kind: 'livecodebench', problem: p }, 'Print Yes if it ends with san.');
    expect(none).toMatchObject({ status: 'no_code', correct: false, program: null });
  });

  it('runs each distinct program once per problem when given a cache', async () => {
    const p = problem(117, 'If S ends with san, print Yes');
    const cache = new VerdictCache();
    const target = { kind: 'livecodebench' as const, problem: p };
    const right = 'Sure:\n```python\nprint("Yes" if input().endswith("san") else "No")\n```';
    const wrong = '```python\nprint("Yes")\n```';
    const verdicts = [];
    for (const response of [right, wrong, right, 'Again: ' + right, wrong]) verdicts.push(await verifyCodeResponse(pool, target, response, { cache }));
    expect(verdicts.map((v) => v.status)).toEqual(['pass', 'fail', 'pass', 'pass', 'fail']);
    expect(cache.size).toBe(2);
    expect(cache.hits).toBe(3);
  });
});
