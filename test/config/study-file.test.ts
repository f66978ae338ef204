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
    expect(effectiveSampling(study.preset, 'math500', study.sampling, undefined, undefined)).toEqual({ temperature: 0.6, top_p: 0.95, max_tokens: 16384, n: 128 });
    expect(effectiveSampling(study.preset, 'aime24', study.sampling, { temperature: 1 }, 64)).toMatchObject({ temperature: 1, n: 64 });
  });

  it('points to the line and key of each kind of mistake', async () => {
    await expect(loadStudyFile(await write(GOOD.replace('http://127.0.0.1:8000/v1', 'localhost:8000')))).rejects.toThrow(/study\.yaml:5, field "models\.0\.endpoint"/);
    await expect(loadStudyFile(await write(GOOD.replace('    checkpoint: lab-out/checkpoints/grpo\n', '')))).rejects.toThrow(/study\.yaml:7, field "models\.1".*exactly one of "endpoint" or "checkpoint"/);
    await expect(loadStudyFile(await write(GOOD.replace('responses_of: [base, rl]', 'responses_of: [base, rlx]')))).rejects.toThrow(/study\.yaml:14, field "scoring\.0".*unknown model "rlx"/);
    await expect(loadStudyFile(await write(GOOD.replace('preset: paper', 'preset: paper\nsampling:\n  temprature: 0.6')))).rejects.toThrow(/field "sampling".*temprature/);
    await expect(loadStudyFile(await write(GOOD.replace('    n: 64', '    n: -1')))).rejects.toThrow(/study\.yaml:12, field "benchmarks\.1\.n"/);
    await expect(loadStudyFile('/nonexistent/study.yaml')).rejects.toThrow(/cannot read study file \(ENOENT\)/);
  });
});
