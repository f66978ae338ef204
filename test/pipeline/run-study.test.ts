import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudy } from '../../src/study/index.js';
import { cliPath, runCli } from '../helpers/cli.js';
import { storedSampleCount } from '../helpers/stored-samples.js';
import { labStudyYaml, serveTinyLabModels } from '../helpers/lab-study.js';
import type { ServeProcess } from '../serve/serve-process.js';

// A whole study from one YAML file: two lab checkpoints served by real `rlbound serve` processes,
// two lab task benchmarks, sample → verify → score → analyze → report. One copy runs straight
// through; the other is SIGKILLed twice mid-sampling and resumed. Both must hold the same samples,
// verdicts, scores and report numbers.
let dir: string;
const serves: ServeProcess[] = [];

function studyYaml(store: string, urls: string[]): string {
  return labStudyYaml(`${store}.sqlite`, urls, `analyses:\n  cot_queue: { max_rate: 0.5 }\nreport:\n  out: ${store}-report\n`);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rlbound-run-'));
  serves.push(
    ...(await serveTinyLabModels(dir, [
      ['base', 1],
      ['rl', 2],
    ])),
  );
  const urls = serves.map((s) => s.url);
  await writeFile(path.join(dir, 'straight.yaml'), studyYaml('straight', urls));
  await writeFile(path.join(dir, 'killed.yaml'), studyYaml('killed', urls));
});
afterAll(async () => {
  await Promise.all(serves.map((s) => s.stop()));
});

/** Runs the study and SIGKILLs it once `target` samples are stored. */
function killAt(file: string, store: string, target: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, 'run', file], { stdio: 'ignore' });
    const poll = setInterval(() => {
      if (storedSampleCount(store) >= target) child.kill('SIGKILL');
    }, 5);
    child.once('exit', (_c, signal) => {
      clearInterval(poll);
      resolve(signal === 'SIGKILL');
    });
  });
}

/** Everything a study holds, keyed by names rather than database ids. */
async function contents(file: string) {
  const store = await openStudy(file, { mustExist: true });
  try {
    const rows: string[] = [];
    for await (const r of store.iterateSampleTable()) rows.push(JSON.stringify([r.model, r.benchmark, r.problem, r.sampleIndex, r.seed, r.text, r.error]));
    const verdicts: string[] = [];
    const scores: string[] = [];
    for (const run of await store.listRuns()) {
      for (const key of await store.listVerifierKeys(run.id)) {
        for (const o of await store.loadOutcomes(run.id, key)) verdicts.push(JSON.stringify([run.id, key, o.problemId, o.n, o.c, o.scores]));
      }
      for (const m of await store.listModels())
        for (const s of await store.loadScores(run.id, m.id))
          scores.push(JSON.stringify([run.id, m.name, s.problemKey, s.sampleIndex, s.tokenCount, s.nllSum, s.byteCount, s.entropy]));
    }
    return { rows: rows.sort(), verdicts: verdicts.sort(), scores: scores.sort() };
  } finally {
    await store.close();
  }
}

describe('rlbound run', () => {
  it('runs a study end to end and, killed and resumed, gives the numbers of an uninterrupted run', async () => {
    const straight = runCli(['run', path.join(dir, 'straight.yaml')], { timeoutMs: 300_000 });
    expect(straight.status, straight.stderr).toBe(0);
    expect(straight.stderr).toMatch(/verify  rl × lab-arithmetic/);
    const summary = JSON.parse(straight.stdout) as { runs: unknown[]; report: string };
    expect(summary.runs).toHaveLength(4);

    const killedStore = path.join(dir, 'killed.sqlite');
    const total = 2 * (6 + 5) * 24;
    expect(await killAt(path.join(dir, 'killed.yaml'), killedStore, 60)).toBe(true);
    expect(await killAt(path.join(dir, 'killed.yaml'), killedStore, total / 2)).toBe(true);
    const resumed = runCli(['run', path.join(dir, 'killed.yaml')], { timeoutMs: 300_000 });
    expect(resumed.status, resumed.stderr).toBe(0);

    const a = await contents(path.join(dir, 'straight.sqlite'));
    const b = await contents(killedStore);
    expect(a.rows).toHaveLength(total);
    expect(b.rows).toEqual(a.rows);
    expect(a.verdicts).toHaveLength(2 * (6 + 5));
    expect(b.verdicts).toEqual(a.verdicts);
    expect(a.scores.length).toBe(2 * 6 * 24);
    expect(b.scores).toEqual(a.scores);

    // The report's numbers agree too (everything but the time it was written and the file names).
    const reportOf = async (name: string) => {
      const data = JSON.parse(await readFile(path.join(dir, `${name}-report`, 'report-data.json'), 'utf8')) as Record<string, unknown>;
      return JSON.stringify(data, (k, v) => (k === 'generatedAt' || k === 'source' || k === 'title' ? undefined : v)).replaceAll('killed', 'straight');
    };
    expect(await reportOf('killed')).toBe(await reportOf('straight'));
    expect(existsSync(path.join(dir, 'straight-report', 'report.html'))).toBe(true);
  });

  it('names the line and key of a mistake in the study file', async () => {
    const bad = path.join(dir, 'bad.yaml');
    await writeFile(bad, studyYaml('bad', ['http://127.0.0.1:1/v1', 'http://127.0.0.1:2/v1']).replace('limit: 6', 'limit: six'));
    const r = runCli(['run', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:11, field "benchmarks\.0\.limit": Invalid input: expected number/);
    expect(r.stdout).toBe('');
  });
});
