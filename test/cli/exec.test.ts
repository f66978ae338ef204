import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rlbound-exec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeRows(name: string, rows: unknown[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

const readRows = (file: string): Array<Record<string, unknown>> =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** PATH with node but without bubblewrap: an empty directory. */
const noBwrapEnv = (): NodeJS.ProcessEnv => ({ ...process.env, PATH: path.join(dir, 'empty-bin'), RLBOUND_BWRAP: undefined });

describe('rlbound exec', () => {
  it('runs every row in the sandbox and writes one result per row, in input order', () => {
    const input = writeRows('in.jsonl', [
      {
        id: 'sum-ok',
        program: 'a, b = map(int, input().split())\nprint(a + b)',
        tests: [
          { stdin: '1 2\n', stdout: '3\n' },
          { stdin: '10 -4', stdout: '6' },
        ],
      },
      {
        id: 'sum-wrong',
        program: 'a, b = map(int, input().split())\nprint(a - b)',
        tests: [
          { stdin: '1 2\n', stdout: '3\n' },
          { stdin: '0 0\n', stdout: '0\n' },
        ],
      },
      { id: 'harness-ok', program: 'def gcd(a, b):\n    return a if b == 0 else gcd(b, a % b)', harness: 'assert gcd(12, 18) == 6' },
      { id: 'loops', program: 'while True: pass', tests: [{ stdin: '', stdout: '' }], timeout_s: 0.5 },
      { id: 'hungry', program: 'x = bytearray(300 * 1024 * 1024)\nprint(1)', tests: [{ stdin: '', stdout: '1' }], memory_mb: 128 },
    ]);
    const output = path.join(dir, 'out.jsonl');
    const r = runCli(['exec', '--input', input, '--output', output, '--workers', '2']);
    expect(r.stderr).toContain('ran 5 rows');
    expect(r.status).toBe(0);
    const rows = readRows(output);
    expect(rows.map((x) => [x.id, x.status, x.passed, x.total])).toEqual([
      ['sum-ok', 'pass', 2, 2],
      ['sum-wrong', 'fail', 1, 2],
      ['harness-ok', 'pass', 1, 1],
      ['loops', 'timeout', 0, 1],
      ['hungry', 'memory', 0, 1],
    ]);
    expect(rows[1].detail).toBe("expected '3\\n', got '-1\\n'");
    for (const row of rows) expect(typeof row.duration_ms).toBe('number');
  });

  it('takes every sandbox limit from flags, and names a bad flag', () => {
    const input = writeRows('limits.jsonl', [
      { id: 'chatty', program: 'print("x" * 5000)', tests: [{ stdin: '', stdout: 'x' }] },
      {
        id: 'forks',
        program: 'import os\nfor _ in range(8):\n    if os.fork() == 0:\n        os._exit(0)\nprint("forked")',
        tests: [{ stdin: '', stdout: 'forked' }],
      },
    ]);
    const output = path.join(dir, 'limits-out.jsonl');
    const r = runCli(['exec', '--input', input, '--output', output, '--workers', '1', '--output-kb', '4', '--processes', '4']);
    expect(r.status).toBe(0);
    expect(readRows(output).map((x) => [x.id, x.status])).toEqual([
      ['chatty', 'output_limit'],
      ['forks', 'error'],
    ]);
    const bad = runCli(['exec', '--input', input, '--output', output, '--timeout-s', '-3']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('field "--timeout-s"');
  });

  it('rejects a malformed row naming file, line and field, and leaves an earlier output intact', () => {
    const input = writeRows('bad.jsonl', [
      { id: 'a', program: 'print(1)', harness: '' },
      { id: 'b', program: 'print(1)', tests: [{ stdin: '' }] },
    ]);
    const output = path.join(dir, 'kept.jsonl');
    writeFileSync(output, 'earlier results\n');
    const r = runCli(['exec', '--input', input, '--output', output]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${input}:2, field "tests.0.stdout"`);
    expect(readFileSync(output, 'utf8')).toBe('earlier results\n');
  });

  it('refuses to run without bubblewrap and says how to install it', () => {
    const input = writeRows('one.jsonl', [{ id: 'a', program: 'print(1)', tests: [{ stdin: '', stdout: '1' }] }]);
    const output = path.join(dir, 'none.jsonl');
    const r = runCli(['exec', '--input', input, '--output', output], { env: noBwrapEnv() });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/bubblewrap \(bwrap\) is not installed: install it with `sudo apt-get install bubblewrap`/);
    expect(r.stderr).toContain('--unsafe-no-sandbox');
    expect(existsSync(output)).toBe(false);
  });

  it('runs without isolation only with --unsafe-no-sandbox, and warns', () => {
    const input = writeRows('unsafe.jsonl', [{ id: 'a', program: 'print(int(input()) * 2)', tests: [{ stdin: '21', stdout: '42' }] }]);
    const output = path.join(dir, 'unsafe-out.jsonl');
    const r = runCli(['exec', '--input', input, '--output', output, '--unsafe-no-sandbox', '--workers', '1'], { env: noBwrapEnv() });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('WARNING: --unsafe-no-sandbox');
    expect(readRows(output)).toMatchObject([{ id: 'a', status: 'pass', passed: 1, total: 1 }]);
  });
});
