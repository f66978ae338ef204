import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportData } from '../../src/report/index.js';
import { cliPath, runCli } from '../helpers/cli.js';
import { buildTestStudy } from './build-test-study.js';

describe('rlbound report / rlbound view (compiled CLI)', () => {
  let study: Awaited<ReturnType<typeof buildTestStudy>>;
  beforeAll(async () => {
    study = await buildTestStudy();
  });
  afterAll(async () => study?.cleanup());

  it('writes the report folder for a SQLite study', () => {
    const out = path.join(study.dir, 'out');
    const r = runCli(['report', '--study', study.file, '--out', out, '--bootstrap', '200', '--title', 'Toy study'], { cwd: study.dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^wrote out\/report\.html\n {2}\d+ figures \(SVG \+ PNG\) in out\/figures\n {2}\d+ tables \(CSV\) in out\/tables, every number in out\/report-data\.json\n$/,
    );
    const data = JSON.parse(readFileSync(path.join(out, 'report-data.json'), 'utf8')) as ReportData;
    expect(data.title).toBe('Toy study');
    expect(data.bootstrapResamples).toBe(200);
    expect(data.comparisons).toHaveLength(2);
    for (const f of ['report.html', 'figures/passk-toy-math.svg', 'figures/passk-toy-math.png', 'tables/passk.csv', 'tables/delta-se.csv'])
      expect(existsSync(path.join(out, f)), f).toBe(true);
  });

  it('takes comparisons and the output folder from a YAML study file', () => {
    const yaml = path.join(study.dir, 'study.yaml');
    writeFileSync(
      yaml,
      [
        'store: study.sqlite',
        'models:',
        '  - { name: base, checkpoint: ck/base }',
        '  - { name: rl-200, checkpoint: ck/rl }',
        'benchmarks: [toy-math]',
        'analyses:',
        '  compare: [[base, rl-200]]',
        'report: { out: from-yaml }',
        '',
      ].join('\n'),
    );
    const r = runCli(['report', '--study', yaml, '--bootstrap', '100'], { cwd: study.dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const data = JSON.parse(readFileSync(path.join(study.dir, 'from-yaml', 'report-data.json'), 'utf8')) as ReportData;
    expect(data.comparisons.map((c) => [c.base, c.other])).toEqual([['base', 'rl-200']]);
  });

  it('names the bad input: a missing study, a malformed flag', () => {
    const missing = runCli(['report', '--study', 'nope.sqlite', '--out', 'x'], { cwd: study.dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^rlbound: nope\.sqlite: cannot read study \(ENOENT\)\n$/);
    const flag = runCli(['report', '--study', study.file, '--out', 'x', '--verifier', 'math'], { cwd: study.dir });
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain('field "--verifier": expected VERIFIER/POLICY@VERSION');
    const pair = runCli(['report', '--study', study.file, '--out', 'x', '--compare', 'base:rl-999'], { cwd: study.dir });
    expect(pair.status).toBe(2);
    expect(pair.stderr).toBe('rlbound: field "compare.0": unknown model "rl-999" (models: base, rl-100, rl-200)\n');
    const unknown = runCli(['report', '--study', study.file, '--out', 'x', '--verifier', 'code/strict@9'], { cwd: study.dir });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no verdicts from verifier code/strict@9 in this study (present: math/strict@1)');
  });

  it('serves the viewer on loopback until interrupted', async () => {
    const child = spawn(process.execPath, [cliPath, 'view', '--study', study.file, '--port', '0', '--bootstrap', '100'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /rlbound viewer: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`viewer exited early (${code}): ${stderr}`)));
    });
    const summary = (await (await fetch(`${url}api/summary`)).json()) as { models: Array<{ id: string }> };
    expect(summary.models.map((m) => m.id)).toEqual(['base', 'rl-100', 'rl-200']);
    const problems = (await (await fetch(`${url}api/problems?benchmark=toy-math&filter=never`)).json()) as { rows: Array<{ problemId: string }> };
    expect(problems.rows.map((r) => r.problemId)).toEqual(['p4', 'p8', 'xss']);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});
