import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentError, InputError } from '../../../src/errors.js';
import { CodePool, type CodeTest } from '../../../src/verify/code/index.js';
import { hostProcesses } from './host-processes.js';

let pool: CodePool;
beforeAll(async () => {
  pool = await CodePool.create({ workers: 1 });
});
afterAll(async () => pool?.close());

const stdio = (stdin: string, expectedStdout: string, floatTolerance?: number): CodeTest => ({ kind: 'stdio', stdin, expectedStdout, floatTolerance });

describe('stdin/stdout tests', () => {
  it('ignore trailing whitespace per line and trailing blank lines, nothing else', async () => {
    const prog = 'n = int(input())\nfor i in range(n):\n    print(i, end="  \\r\\n")\nprint()\nprint()\n';
    expect((await pool.run({ program: prog, tests: [stdio('3\n', '0\n1\n2')] })).status).toBe('pass');
    const leading = await pool.run({ program: 'print(" 1")', tests: [stdio('', '1\n')] });
    expect(leading.status).toBe('fail');
    expect(leading.detail).toBe("expected '1\\n', got ' 1\\n'");
  });

  it('compare numbers with a tolerance only when asked to', async () => {
    const prog = 'print(1/3, "x", 2)';
    expect((await pool.run({ program: prog, tests: [stdio('', '0.333333 x 2')] })).status).toBe('fail');
    expect((await pool.run({ program: prog, tests: [stdio('', '0.333333 x 2', 1e-5)] })).status).toBe('pass');
    expect((await pool.run({ program: prog, tests: [stdio('', '0.3333 x 2', 1e-5)] })).status).toBe('fail');
  });

  it('feed large inputs and a runtime error after correct output is still an error', async () => {
    const big = Array.from({ length: 200_000 }, (_, i) => String(i)).join(' ');
    const sum = (200_000 * 199_999) / 2;
    const r = await pool.run({ program: 'print(sum(map(int, input().split())))', tests: [stdio(big + '\n', `${sum}\n`)] });
    expect(r.status).toBe('pass');
    const e = await pool.run({ program: 'print(3)\nraise SystemExit(2)', tests: [stdio('', '3\n')] });
    expect(e.status).toBe('error');
    expect(e.detail).toBe('exit status 2');
  });
});

describe('error reports', () => {
  it("show the program's traceback as plain Python would, without the harness frames", async () => {
    const r = await pool.run({ program: 'def g(x):\n    return 1 / x\nprint(g(0))', tests: [stdio('', '')] });
    expect(r).toMatchObject({ status: 'error', detail: 'ZeroDivisionError: division by zero' });
    expect(r.tests[0].stderrTail).toMatch(/^Traceback \(most recent call last\):\n  File "\/tmp\/work\/main.py", line 3, in <module>/);
    expect(r.tests[0].stderrTail).not.toContain('rlbound_');
  });
});

describe('script (harness) tests', () => {
  it('pass on exit 0; a failing assert is fail, another exception error, a timeout timeout', async () => {
    const program = 'def add(a, b):\n    return a + b\n';
    const run = (harness: string) => pool.run({ program, tests: [{ kind: 'script', harness, limits: { wallS: 1 } }] });
    expect((await run('assert add(2, 3) == 5')).status).toBe('pass');
    expect(await run('assert add(2, 3) == 6, "sum"')).toMatchObject({ status: 'fail', detail: 'AssertionError: sum' });
    expect((await run('add(1)')).status).toBe('error');
    expect((await run('import sys; sys.exit(3)')).status).toBe('fail');
    expect((await run('import time; time.sleep(30)')).status).toBe('timeout');
  });

  it('the program does not run as __main__, so its demo code is skipped', async () => {
    const r = await pool.run({
      program: 'def f():\n    return 1\nif __name__ == "__main__":\n    input()\n',
      tests: [{ kind: 'script', harness: 'assert f() == 1' }],
    });
    expect(r.status).toBe('pass');
  });
});

describe('jobs', () => {
  it('stop at the first failing test unless asked to run all, and report passed/total', async () => {
    const tests = [stdio('1', '1'), stdio('2', '3'), stdio('3', '3')];
    const first = await pool.run({ program: 'print(input())', tests });
    expect(first).toMatchObject({ status: 'fail', passed: 1, total: 3 });
    expect(first.tests).toHaveLength(2);
    const all = await pool.run({ program: 'print(input())', tests, stopOnFirstFailure: false });
    expect(all).toMatchObject({ status: 'fail', passed: 2, total: 3 });
  });

  it('reject an invalid limit naming it', async () => {
    const err = await pool.run({ program: 'print(1)', tests: [stdio('', '1')], limits: { wallS: -1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/^field "limits.wallS": sandbox limit:/);
    expect((await pool.run({ program: 'print(1)', tests: [stdio('', '1')] })).status).toBe('pass');
  });

  it('apply per-test limit overrides (memory)', async () => {
    const test: CodeTest = { kind: 'stdio', stdin: '', expectedStdout: 'ok', limits: { memoryMb: 200 } };
    const r = await pool.run({ program: 'x = bytearray(400 * 1024 * 1024)\nprint("ok")', tests: [test] });
    expect(r.status).toBe('memory');
    const fits = await pool.run({ program: 'x = bytearray(100 * 1024 * 1024)\nprint("ok")', tests: [test] });
    expect(fits.status).toBe('pass');
  });
});

describe('sandbox failures', () => {
  it('a sandbox killed mid-test is restarted and the test re-run: never a model failure', async () => {
    const job = pool.run({ program: 'import time\ntime.sleep(0.8)\nprint("ok")', tests: [stdio('', 'ok')] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const pid of pool.sandboxPids()) process.kill(pid, 'SIGKILL');
    const r = await job;
    expect(r.status).toBe('pass');
    expect(r.tests[0].attempts).toBe(2);
  });

  it('a sandbox that keeps failing gives sandbox_error (not a model failure) and the pool recovers', async () => {
    const job = pool.run({ program: 'import time\ntime.sleep(1.5)\nprint("ok")', tests: [stdio('', 'ok')] });
    const killed = new Set<number>();
    for (let round = 0; round < 2; round++) {
      for (let waited = 0; waited < 10_000 && pool.sandboxPids().every((p) => killed.has(p)); waited += 50)
        await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setTimeout(resolve, 300)); // the test is running in it now
      for (const pid of pool.sandboxPids()) {
        killed.add(pid);
        process.kill(pid, 'SIGKILL');
      }
    }
    const r = await job;
    expect(r.status).toBe('sandbox_error');
    expect(r.detail).toMatch(/sandbox exited unexpectedly/);
    expect(r.tests[0].attempts).toBe(2);
    const after = await pool.run({ program: 'print("ok")', tests: [stdio('', 'ok')] });
    expect(after.status).toBe('pass');
  });

  it('refuses to start without bubblewrap, saying how to install it', async () => {
    const err = await CodePool.create({ workers: 1, bwrap: '/nonexistent/bwrap' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvironmentError);
    expect((err as Error).message).toMatch(/apt-get install bubblewrap.*--unsafe-no-sandbox/s);
  });

  it('refuses a pyenv-style shim as the interpreter', async () => {
    const err = await CodePool.create({ workers: 1, python: '/root/.pyenv/shims/python3' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvironmentError);
  });

  it('runs without isolation only when asked, and still cleans up background processes', async () => {
    const unsafe = await CodePool.create({ workers: 1, unsafeNoSandbox: true });
    try {
      const r = await unsafe.run({
        program: 'import subprocess\nsubprocess.Popen(["sleep", "904.5"], start_new_session=True)\nprint(int(input()) + 1)',
        tests: [stdio('41', '42')],
      });
      expect(r.status).toBe('pass');
      expect(hostProcesses(['sleep', '904.5'])).toEqual([]);
    } finally {
      await unsafe.close();
    }
  });
});
