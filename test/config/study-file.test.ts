import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadStudyFile } from '../../src/config/study-file.js';
import { effectiveSampling } from '../../src/pipeline/presets.js';

async function write(text: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rlbound-study-'));
  const f = path.join(dir, 'study.yaml');
  await writeFile(f, text);
  return f;
}

const GOOD = `store: study.sqlite
preset: paper
models:
  - name: base
    endpoint: http://127.0.0.1:8000/v1
    template: qwen-boxed
  - name: rl
    checkpoint: lab-out/checkpoints/grpo
benchmarks:
  - math500
  - name: aime24
    n: 64
scoring:
  - scorer: base
    responses_of: [base, rl]
`;

describe('study file', () => {
  it('loads a valid study and applies the paper preset', async () => {
    const f = await write(GOOD);
    const { study, baseDir } = await loadStudyFile(f);
    expect(baseDir).toBe(path.dirname(f));
    expect(study.models.map((m) => m.name)).toEqual(['base', 'rl']);
    expect(study.analyses.delta_se_k).toBe(256);
    expect(effectiveSampling(study.preset, 'math500', study.sampling, undefined, undefined)).toEqual({
      temperature: 0.6,
      top_p: 0.95,
      max_tokens: 16384,
      n: 128,
    });
    expect(effectiveSampling(study.preset, 'aime24', study.sampling, { temperature: 1 }, 64)).toMatchObject({ temperature: 1, n: 64 });
  });

  it('points to the line and key of each kind of mistake', async () => {
    await expect(loadStudyFile(await write(GOOD.replace('http://127.0.0.1:8000/v1', 'localhost:8000')))).rejects.toThrow(
      /study\.yaml:5, field "models\.0\.endpoint"/,
    );
    await expect(loadStudyFile(await write(GOOD.replace('    checkpoint: lab-out/checkpoints/grpo\n', '')))).rejects.toThrow(
      /study\.yaml:7, field "models\.1".*exactly one of "endpoint" or "checkpoint"/,
    );
    await expect(loadStudyFile(await write(GOOD.replace('responses_of: [base, rl]', 'responses_of: [base, rlx]')))).rejects.toThrow(
      /study\.yaml:14, field "scoring\.0".*unknown model "rlx"/,
    );
    await expect(loadStudyFile(await write(GOOD.replace('preset: paper', 'preset: paper\nsampling:\n  temprature: 0.6')))).rejects.toThrow(
      /field "sampling".*temprature/,
    );
    await expect(loadStudyFile(await write(GOOD.replace('    n: 64', '    n: -1')))).rejects.toThrow(/study\.yaml:12, field "benchmarks\.1\.n"/);
    await expect(loadStudyFile('/nonexistent/study.yaml')).rejects.toThrow(/cannot read study file \(ENOENT\)/);
  });
});

describe('study file: defaults, every problem at once, JSON Schema', () => {
  it('defaults the store to the study file name with .sqlite', async () => {
    const f = await write(GOOD.replace('store: study.sqlite\n', ''));
    const { study } = await loadStudyFile(f);
    expect(study.store).toBe('study.sqlite');
  });

  it('lists every problem of a bad file, each with its line and key, in file order', async () => {
    const bad = GOOD.replace('store: study.sqlite\n', '')
      .replace('http://127.0.0.1:8000/v1', 'localhost:8000')
      .replace('    n: 64', '    n: -1')
      .replace('preset: paper', 'preset: paper\nsampling:\n  temprature: 0.6');
    const err = await loadStudyFile(await write(bad)).then(
      () => null,
      (e: Error) => e,
    );
    expect(err).not.toBeNull();
    const lines = err!.message.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/study\.yaml:3, field "sampling".*temprature.*\(3 problems in this file, all listed\)$/);
    expect(lines[1]).toMatch(/^ {2}\S*study\.yaml:\d+, field "models\.0\.endpoint": expected an http/);
    expect(lines[2]).toMatch(/^ {2}\S*study\.yaml:\d+, field "benchmarks\.1\.n"/);
  });

  it('rlbound run --schema prints a JSON Schema generated from the same zod schema', async () => {
    const { studyJsonSchema } = await import('../../src/config/study-schema.js');
    const schema = studyJsonSchema() as { properties: Record<string, { default?: unknown; properties?: Record<string, unknown> }>; required?: string[] };
    const keys = ['store', 'data_dir', 'preset', 'models', 'benchmarks', 'sampling', 'verify', 'scoring', 'analyses', 'report'];
    expect(Object.keys(schema.properties).sort()).toEqual([...keys].sort());
    expect(schema.required).toEqual(['models', 'benchmarks']);
    expect(schema.properties.preset.default).toBe('none');
    expect(Object.keys(schema.properties.sampling.properties!).sort()).toEqual([
      'concurrency',
      'max_tokens',
      'n',
      'seed',
      'stop',
      'temperature',
      'top_k',
      'top_p',
    ]);
  });
});
