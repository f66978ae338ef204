import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openStudy } from '../../../src/study/index.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../fixture.js';
import { writeMathEval } from './fixtures/math-eval.js';

let dir: { dir: string; cleanup: () => void } | undefined;
afterEach(() => {
  dir?.cleanup();
  dir = undefined;
});

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

async function runsOf(study: string): Promise<number> {
  const store = await openStudy(study);
  try {
    return (await store.listRuns()).length;
  } finally {
    await store.close();
  }
}

describe('rlbound import (CLI)', () => {
  it('dry-runs, imports with a role, re-grades on request, and re-imports as a no-op', async () => {
    dir = tempDir();
    const study = path.join(dir.dir, 'study.sqlite');
    const input = path.dirname(writeMathEval(dir.dir, 'rl')[0]!);
    const dry = runCli(['import', '--study', study, '--input', input, '--model', 'rl', '--role', 'rl', '--dry-run']);
    expect(dry.status).toBe(0);
    expect(lines(dry.stdout).map((l) => [l.status, l.format, l.problems, l.samples, l.source_verdicts, l.first_sample_index])).toEqual([
      ['would-import', 'math-eval', 3, 6, 6, 0],
      ['would-import', 'math-eval', 3, 6, 6, 2],
    ]);
    expect(await runsOf(study)).toBe(0);

    const real = runCli(['import', '--study', study, '--input', input, '--model', 'rl', '--role', 'rl', '--regrade', '--workers', '1']);
    expect(real.status).toBe(0);
    const out = lines(real.stdout);
    expect(out.slice(0, 2).map((l) => [l.status, l.verifier, l.counts_only])).toEqual([
      ['imported', 'import/math-eval@1', false],
      ['imported', 'import/math-eval@1', false],
    ]);
    expect(out[2]).toMatchObject({ model: 'rl', benchmark: 'toy-math', verified: 12, correct: 8 });
    const store = await openStudy(study);
    expect((await store.getModel('rl'))!.role).toBe('rl');
    await store.close();

    const again = runCli(['import', '--study', study, '--input', input, '--model', 'rl']);
    expect(again.status).toBe(0);
    expect(lines(again.stdout).map((l) => l.status)).toEqual(['unchanged', 'unchanged']);
  });

  it('a bad row exits 2 naming file, line and field, with no stack trace, and changes nothing', async () => {
    dir = tempDir();
    const study = path.join(dir.dir, 'study.sqlite');
    const [seed0] = writeMathEval(dir.dir, 'base');
    expect(runCli(['import', '--study', study, '--input', seed0!, '--model', 'base']).status).toBe(0);
    const [bad] = writeMathEval(path.join(dir.dir, 'other'), 'rl');
    const rows = readFileSync(bad!, 'utf8').trim().split('\n');
    rows[1] = rows[1]!.replace(/"score":\[[^\]]*\]/, '"score":["yes","no"]');
    writeFileSync(bad!, rows.join('\n') + '\n');
    const r = runCli(['import', '--study', study, '--input', bad!, '--model', 'rl']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/seed0_t0\.6_s0_e-1\.jsonl:2, field "score\.0"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await runsOf(study)).toBe(1);

    const unknown = path.join(dir.dir, 'notes.txt');
    writeFileSync(unknown, 'hello\n');
    const u = runCli(['import', '--study', study, '--input', unknown, '--model', 'x']);
    expect(u.status).toBe(2);
    expect(u.stderr).toMatch(/cannot tell which tool wrote this.*\n(.*\n)*\s+lm-eval\s/);
  });

  it('lists the formats and pooling flags in --help', () => {
    const h = runCli(['import', '--help']);
    expect(h.status).toBe(0);
    for (const flag of ['--format', '--role', '--append', '--sample-offset', '--dry-run', '--regrade', '--benchmark', '--temperature'])
      expect(h.stdout).toContain(flag);
    expect(h.stdout).toMatch(/lm-eval.*lighteval.*inspect.*opencompass.*verl/s);
  });
});
