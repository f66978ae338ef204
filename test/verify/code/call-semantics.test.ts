import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodePool, type CallTest } from '../../../src/verify/code/index.js';

// Functional tests judge return values in the fork-server with EvalPlus / LiveCodeBench semantics.
// `expected` uses the codec's JSON (tuples as {"__t": [...]}), as a reference run produces it.
let pool: CodePool;
beforeAll(async () => {
  pool = await CodePool.create({ workers: 1 });
});
afterAll(async () => pool?.close());

async function judge(body: string, expected: string, extra: Partial<CallTest> = {}, args = '[[]]'): Promise<string> {
  const test: CallTest = {
    kind: 'call',
    entry: { name: 'f' },
    inputs: { format: 'json', text: args },
    expected: { codec: 'rlbound', text: expected },
    ...extra,
  };
  const r = await pool.run({ program: `def f(*args):\n    return ${body}\n`, tests: [test] });
  return r.status;
}

describe('EvalPlus comparison', () => {
  it('floats get atol 1e-6 (rtol 1e-7); ints are exact', async () => {
    expect(await judge('0.5000001', '[0.5]')).toBe('pass');
    expect(await judge('0.50001', '[0.5]')).toBe('fail');
    expect(await judge('[0.1 + 0.2, 1.0]', '[[0.3, 1.0]]')).toBe('pass');
    expect(await judge('3.0000001', '[3]')).toBe('fail');
    expect(await judge('3.0', '[3]')).toBe('pass'); // 3.0 == 3 in Python
  });

  it('a task atol widens the tolerance but requires the same type', async () => {
    expect(await judge('1.00005', '[1.0]', { atol: 1e-4 })).toBe('pass');
    expect(await judge('[1.00005]', '[{"__t": [1.0]}]', { atol: 1e-4 })).toBe('fail'); // list vs tuple
  });

  it('keeps tuples, sets, dicts, None, inf and huge ints apart and equal as Python does', async () => {
    expect(await judge('(1, 2)', '[{"__t": [1, 2]}]')).toBe('pass');
    expect(await judge('[1, 2]', '[{"__t": [1, 2]}]')).toBe('fail');
    expect(await judge('{3, 1}', '[{"__s": [1, 3]}]')).toBe('pass');
    expect(await judge('{(1, 2): None}', '[{"__d": [[{"__t": [1, 2]}, null]]}]')).toBe('pass');
    expect(await judge('float("inf")', '[{"__f": "inf"}]')).toBe('pass');
    expect(await judge('float("nan")', '[{"__f": "nan"}]')).toBe('fail'); // nan != nan, as in EvalPlus
    expect(await judge('10 ** 5000 + 1', `[{"__ih": "${(10n ** 5000n + 1n).toString(16).replace(/^/, '0x')}"}]`)).toBe('pass');
    expect(await judge('True', '["True"]')).toBe('fail');
  });

  it('HumanEval/32 oracle: any root of the polynomial is right', async () => {
    const poly = { compare: 'poly_root' as const, atol: 1e-6 };
    const args = '[[[-6, 11, -6, 1]]]'; // (x-1)(x-2)(x-3)
    expect(await judge('2.0000000001', '[1.0]', poly, args)).toBe('pass');
    expect(await judge('2.5', '[1.0]', poly, args)).toBe('fail');
  });
});

describe('LiveCodeBench (json) comparison', () => {
  it('reads tuples as lists and compares exactly unless a tolerance is given', async () => {
    const json = (body: string, expected: string, floatTolerance?: number) =>
      pool
        .run({
          program: `def f(*args):\n    return ${body}\n`,
          tests: [
            {
              kind: 'call',
              entry: { name: 'f' },
              inputs: { format: 'json', text: '[[]]' },
              expected: { codec: 'json', text: expected },
              compare: 'json',
              floatTolerance,
            },
          ],
        })
        .then((r) => r.status);
    expect(await json('(1, [2, 3])', '[[1, [2, 3]]]')).toBe('pass');
    expect(await json('0.30000000000000004', '[0.3]')).toBe('fail');
    expect(await json('0.30000000000000004', '[0.3]', 1e-9)).toBe('pass');
  });
});

describe('reference runs and large outputs', () => {
  it('record outputs and times; megabyte outputs are compared by digest', async () => {
    const program = 'def f(n):\n    return "ab" * n\n';
    const inputs = { format: 'json' as const, text: '[[3], [100000]]' };
    const ref = await pool.run({ program, tests: [{ kind: 'call', entry: { name: 'f' }, inputs }] });
    expect(ref.status).toBe('pass');
    const outputs = JSON.parse(ref.tests[0].outputs ?? 'null') as unknown[];
    expect(outputs[0]).toBe('ababab');
    expect(outputs[1]).toMatchObject({ __h: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(ref.tests[0].timesS).toHaveLength(2);
    const expected = { codec: 'rlbound' as const, text: ref.tests[0].outputs ?? '' };
    const same = await pool.run({
      program: 'def f(n):\n    return "".join("ab" for _ in range(n))\n',
      tests: [{ kind: 'call', entry: { name: 'f' }, inputs, expected }],
    });
    expect(same.status).toBe('pass');
    const off = await pool.run({
      program: 'def f(n):\n    return "ab" * n + ("" if n < 10 else "a")\n',
      tests: [{ kind: 'call', entry: { name: 'f' }, inputs, expected }],
    });
    expect(off.status).toBe('fail');
    expect(off.detail).toMatch(/^input #1: expected <value of \d+ encoded bytes, sha256 [0-9a-f]+…>/);
  });

  it('long numeric lists are compared by digest with Python equality (1 == 1.0, 0.0 == -0.0)', async () => {
    const inputs = { format: 'json' as const, text: '[[100000]]' };
    const ref = await pool.run({ program: 'def f(n):\n    return [i / 2 for i in range(n)]\n', tests: [{ kind: 'call', entry: { name: 'f' }, inputs }] });
    const expected = { codec: 'rlbound' as const, text: ref.tests[0].outputs ?? '' };
    expect(JSON.parse(expected.text)[0]).toMatchObject({ __h: expect.any(String) });
    const run = (body: string) =>
      pool.run({ program: `def f(n):\n    return ${body}\n`, tests: [{ kind: 'call', entry: { name: 'f' }, inputs, expected }] }).then((r) => r.status);
    expect(await run('[i // 2 if i % 2 == 0 else i / 2 for i in range(n)]')).toBe('pass'); // ints where the values are whole
    expect(await run('[-0.0] + [i / 2 for i in range(1, n)]')).toBe('pass');
    expect(await run('[i / 2 for i in range(n - 1)] + [0.1]')).toBe('fail');
    expect(await run('tuple(i / 2 for i in range(n))')).toBe('fail');
  });
});
