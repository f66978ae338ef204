import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('rlbound grade-math', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'grade-math-'));
  const input = path.join(dir, 'in.jsonl');
  const output = path.join(dir, 'out.jsonl');
  const rows = [
    JSON.stringify({ id: 'a', gold: '\\frac{1}{2}', response: 'Thus $\\boxed{0.5}$.' }),
    JSON.stringify({ id: 'b', gold: '27', pred: '0.27' }),
    '{"id": "c", "gold": ',
    JSON.stringify({ id: 'd', gold: '3' }),
    '',
    JSON.stringify({ id: 7, gold: '(0,9) \\cup (9,36)', pred: '(9,36) \\cup (0,9)' }),
    JSON.stringify({ id: 'e', gold: '8', response: 'I found 3 then 8.' }),
  ];
  writeFileSync(input, rows.join('\n'));
  const read = (): Record<string, unknown>[] =>
    readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('grades every row in order; malformed rows get an error and the rest still run', () => {
    const r = runCli(['grade-math', '--input', input, '--output', output, '--workers', '2']);
    expect(r.status).toBe(0);
    const out = read();
    expect(out.map((o) => o.id)).toEqual(['a', 'b', null, 'd', 7, 'e']);
    expect(out[0]).toMatchObject({ correct: true, extracted: '0.5', policy: 'strict' });
    expect(out[1]).toMatchObject({ correct: false });
    expect(String(out[2].error)).toMatch(/line 3: not valid JSON/);
    expect(String(out[3].error)).toMatch(/line 4: .*"response" or "pred"/);
    expect(out[4]).toMatchObject({ correct: true, reason: 'union of intervals' });
    expect(out[5]).toMatchObject({ correct: false, extracted: null, reason: 'no answer found' });
    expect(typeof out[0].version).toBe('string');
  });

  it('--policy paper reproduces the paper grader (percentage leniency, last-number fallback)', () => {
    const r = runCli(['grade-math', '--input', input, '--output', output, '--policy', 'paper']);
    expect(r.status).toBe(0);
    const out = read();
    expect(out[1]).toMatchObject({ id: 'b', correct: true, policy: 'paper' });
    expect(out[5]).toMatchObject({ id: 'e', correct: true, extracted: '8' });
  });

  it('a row\'s "question" decides whether a list answer is ordered (strict)', () => {
    const qin = path.join(dir, 'question.jsonl');
    const ask = (question?: string): string => JSON.stringify({ id: question ?? 'none', gold: '3, 5', pred: '5, 3', ...(question ? { question } : {}) });
    writeFileSync(qin, [ask('Determine the values of $b$ and $c$.'), ask('Find all real solutions of $x^2 - 8x + 15 = 0$.'), ask()].join('\n'));
    const r = runCli(['grade-math', '--input', qin, '--output', output, '--workers', '1']);
    expect(r.status).toBe(0);
    expect(read().map((o) => [o.correct, o.reason])).toEqual([
      [false, 'list (ordered by the question)'],
      [true, 'set (unordered)'],
      [true, 'set (unordered)'],
    ]);
    const help = runCli(['grade-math', '--help']);
    expect(help.stdout).toMatch(/"question"/);
  });

  it('exits non-zero only when the input cannot be read', () => {
    const r = runCli(['grade-math', '--input', path.join(dir, 'missing.jsonl'), '--output', output]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing\.jsonl: cannot read input/);
    const bad = runCli(['grade-math', '--input', input, '--output', output, '--policy', 'lenient']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--policy/);
  });
});
