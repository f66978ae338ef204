import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStudy } from '../../src/study/index.js';
import { runCli } from '../helpers/cli.js';

describe('rlbound review', () => {
  it('records a verdict on a stored response, lists it, and refuses unknown samples and verdicts', async () => {
    const study = path.join(await mkdtemp(path.join(os.tmpdir(), 'rlbound-review-')), 's.sqlite');
    const store = await openStudy(study);
    const model = await store.putModel({ name: 'm', provider: 'test', endpoint: null, info: {} });
    const bench = await store.putBenchmark({ name: 'b', source: 'test', contentHash: 'h' });
    await store.putProblems(bench.id, [{ index: 0, key: 'p0', prompt: 'q', gold: '1' }]);
    const [problem] = await store.listProblems(bench.id);
    const { run } = await store.findOrCreateRun({ modelId: model.id, benchmarkId: bench.id, sampling: {}, targetN: 1, baseSeed: 0, promptTemplateHash: 'x' });
    await store.insertSamples([{ runId: run.id, problemId: problem.id, sampleIndex: 0, seed: 1, text: 'so \\boxed{1}' }]);
    let sampleId = 0;
    for await (const s of store.iterateSamples(run.id)) sampleId = s.id;
    await store.close();

    const ok = runCli(['review', '--study', study, '--sample', String(sampleId), '--verdict', 'invalid', '--note', 'guessed the answer', '--reviewer', 'ada']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ sample_id: sampleId, verdict: 'invalid', reviewer: 'ada', note: 'guessed the answer' });
    const list = runCli(['review', '--study', study, '--list']);
    expect(
      list.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).verdict),
    ).toEqual(['invalid']);

    const missing = runCli(['review', '--study', study, '--sample', '999', '--verdict', 'valid']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/field "--sample": no stored response with id 999/);
    const badVerdict = runCli(['review', '--study', study, '--sample', String(sampleId), '--verdict', 'great']);
    expect(badVerdict.status).toBe(2);
    expect(badVerdict.stderr).toMatch(/--verdict/);
  });
});
