import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { exactPassAtK } from '../analyze/reference.js';
import { simulate } from '../analyze/simulate.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rlbound-passk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, lines: unknown[]): string {
  const f = path.join(dir, name);
  writeFileSync(f, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return f;
}

describe('rlbound passk', () => {
  it('prints pass@k with bands for count rows and score rows (exact values)', () => {
    const f = file('mixed.jsonl', [
      { problem: 'a', n: 16, c: 1 },
      { problem: 'b', scores: [0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] },
      { problem: 7, n: 16, c: 0 },
    ]);
    const r = runCli(['passk', '--input', f, '--k', '1,4,16']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.k).toEqual([1, 4, 16]);
    expect(out.problems).toBe(3);
    expect(out.n_min).toBe(16);
    [1, 4, 16].forEach((k, j) => {
      const exact = (exactPassAtK(16, 1, k) + exactPassAtK(16, 3, k) + 0) / 3;
      expect(Math.abs(out.pass_at_k[j] - exact)).toBeLessThan(1e-12);
      expect(out.ci_low[j]).toBeLessThanOrEqual(out.pass_at_k[j]);
      expect(out.ci_high[j]).toBeGreaterThanOrEqual(out.pass_at_k[j]);
    });
    expect(out.bootstrap).toBe(2000);
    expect(out.ci).toBe(0.95);
  });

  it('--k all runs to the smallest n and says so when n is ragged; seeds make output reproducible', () => {
    const f = file('ragged.jsonl', [
      { problem: 'a', n: 8, c: 2 },
      { problem: 'b', n: 5, c: 1 },
    ]);
    const a = runCli(['passk', '--input', f, '--k', 'all', '--bootstrap', '300', '--seed', '5']);
    const b = runCli(['passk', '--input', f, '--k', 'all', '--bootstrap', '300', '--seed', '5']);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const out = JSON.parse(a.stdout);
    expect(out.k).toEqual([1, 2, 3, 4, 5]);
    expect(out.n_min).toBe(5);
    expect(out.n_max).toBe(8);
    expect(out.note).toMatch(/smallest n \(5\)/);
    const tooFar = runCli(['passk', '--input', f, '--k', '1,8']);
    expect(tooFar.status).toBe(2);
    expect(tooFar.stdout).toBe('');
    expect(tooFar.stderr).toMatch(/k=8 exceeds .* b \(n=5\)/);
  });

  it('--vs reports the paired difference and the crossover k', () => {
    // RL: 60% of problems at p = 0.6, the rest unsolvable; base: every problem at p = 0.1 (cross at k = 9).
    const toRows = (o: { problemId: string; n: number; c: number }[]) => o.map((x) => ({ problem: x.problemId, n: x.n, c: x.c }));
    const rl = file(
      'rl.jsonl',
      toRows(
        simulate(
          Array.from({ length: 400 }, (_, i) => (i % 5 < 3 ? 0.6 : 0)),
          64,
          11,
        ),
      ),
    );
    const base = file(
      'base.jsonl',
      toRows(
        simulate(
          Array.from({ length: 400 }, () => 0.1),
          64,
          12,
        ),
      ),
    );
    const r = runCli(['passk', '--input', rl, '--vs', base, '--k', 'all', '--bootstrap', '400']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.diff.length).toBe(64);
    out.diff.forEach((d: number, j: number) => expect(d).toBeCloseTo(out.pass_at_k[j] - out.vs.pass_at_k[j], 12));
    expect(out.diff_ci_low[0]).toBeGreaterThan(0);
    expect(out.diff_ci_high[63]).toBeLessThan(0);
    expect(Math.abs(out.crossover_k - 9)).toBeLessThanOrEqual(2);
    expect(out.crossover_ci_low).toBeLessThanOrEqual(9);
    expect(out.crossover_ci_high).toBeGreaterThanOrEqual(9);
    expect(out.leader_at_min_k).toBe('this');
    const none = runCli(['passk', '--input', base, '--vs', base, '--bootstrap', '50']);
    expect(JSON.parse(none.stdout).crossover_k).toBeNull();
    const fewer = file('fewer.jsonl', [{ problem: 'p0', n: 64, c: 3 }]);
    const mismatch = runCli(['passk', '--input', fewer, '--vs', base]);
    expect(mismatch.status).toBe(2);
    expect(mismatch.stdout).toBe('');
    expect(mismatch.stderr).toMatch(/not evaluated on the same problems; only in .*base\.jsonl: p1, p2/);
  });

  it.each([
    ['bad JSON', ['{"problem":"a","n":2,"c":1}', '', '{"problem":"b","n":2,'], /bad\.jsonl:3: invalid JSON/],
    ['missing n', [{ problem: 'a', c: 1 }], /:1, field "n"/],
    [
      'c > n',
      [
        { problem: 'a', n: 2, c: 1 },
        { problem: 'b', n: 2, c: 3 },
      ],
      /:2, field "c": c=3 exceeds n=2/,
    ],
    ['score not 0/1', [{ problem: 'a', scores: [0, 2] }], /:1, field "scores\.1"/],
    [
      'duplicate problem',
      [
        { problem: 'a', n: 2, c: 1 },
        { problem: 'a', n: 2, c: 1 },
      ],
      /:2, field "problem": duplicate problem "a" \(first on line 1\)/,
    ],
    ['not an object', ['[1,2]'], /:1: expected a JSON object/],
    ['empty file', [''], /no result rows/],
  ])('malformed input (%s): exit 2, message names line and field, nothing on stdout', (_, lines, message) => {
    const f = file('bad.jsonl', lines);
    const r = runCli(['passk', '--input', f]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('bad flags and missing files exit 2 with the flag or file named', () => {
    const f = file('ok.jsonl', [{ problem: 'a', n: 2, c: 1 }]);
    for (const [args, message] of [
      [['--k', '1,x'], /field "--k"/],
      [['--ci', '1.5'], /field "--ci"/],
      [['--bootstrap', '0'], /field "--bootstrap"/],
    ] as const) {
      const r = runCli(['passk', '--input', f, ...args]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
    const missing = runCli(['passk', '--input', path.join(dir, 'nope.jsonl')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.jsonl: cannot read file \(ENOENT\)/);
  });
});
