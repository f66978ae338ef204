import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { builtinBenchmark } from '../../src/bench/registry.js';
import { loadBenchmark } from '../../src/bench/load-benchmark.js';
import { registerBenchmark } from '../../src/sample/register-benchmark.js';
import { openStudy, sampleSeed } from '../../src/study/index.js';
import { runCli } from '../helpers/cli.js';
import { sharedData } from '../helpers/shared-data.js';

const dataDir = sharedData();

describe('rlbound verify / export / import', () => {
  it('verifies stored samples under each policy once, exports them with verdicts, and imports score lists', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rlbound-cli-'));
    const study = path.join(dir, 's.sqlite');
    const store = await openStudy(study);
    const { benchmark, problems } = await registerBenchmark(store, await loadBenchmark(builtinBenchmark('gsm8k'), { dataDir, limit: 4 }));
    const model = await store.putModel({ name: 'm', provider: 'test', endpoint: null, info: {} });
    const { run } = await store.findOrCreateRun({
      modelId: model.id,
      benchmarkId: benchmark.id,
      sampling: {},
      targetN: 2,
      baseSeed: 0,
      promptTemplateHash: 'x',
    });
    // Sample 1 answers 100× too large: wrong under `strict`, right under the paper grader's percentage leniency.
    await store.insertSamples(
      problems.flatMap((p) => [
        { runId: run.id, problemId: p.id, sampleIndex: 0, seed: sampleSeed(0, p.index, 0), text: `The answer is \\boxed{${String(p.gold)}}.` },
        { runId: run.id, problemId: p.id, sampleIndex: 1, seed: sampleSeed(0, p.index, 1), text: `The answer is \\boxed{${Number(p.gold) * 100}}.` },
      ]),
    );
    await store.close();

    const strict = runCli(['verify', '--study', study, '--workers', '1']);
    expect(strict.status, strict.stderr).toBe(0);
    expect(JSON.parse(strict.stdout)).toMatchObject({ run: run.id, benchmark: 'gsm8k', verified: 8, correct: 4 });
    expect(JSON.parse(runCli(['verify', '--study', study, '--workers', '1']).stdout)).toMatchObject({ verified: 0 });
    const paper = JSON.parse(runCli(['verify', '--study', study, '--policy', 'paper', '--workers', '1']).stdout);
    expect(paper).toMatchObject({ verified: 8, correct: 8 });

    const jsonl = path.join(dir, 'out.jsonl');
    const ex = runCli(['export', '--study', study, '--out', jsonl, '--verifier', strict.stdout.match(/"verifier":"([^"]+)"/)![1]]);
    expect(ex.status, ex.stderr).toBe(0);
    const rows = (await readFile(jsonl, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { correct: boolean; reason: string | null });
    expect(rows).toHaveLength(8);
    expect(rows.filter((r) => r.correct)).toHaveLength(4);
    expect(rows.every((r) => typeof r.reason === 'string' && r.reason.length > 0)).toBe(true);
    const pq = path.join(dir, 'out.parquet');
    expect(runCli(['export', '--study', study, '--out', pq, '--verifier', strict.stdout.match(/"verifier":"([^"]+)"/)![1]]).status).toBe(0);
    const buf = await readFile(pq);
    const objs = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer });
    expect(objs).toHaveLength(8);
    expect(runCli(['export', '--study', study, '--out', path.join(dir, 'x.csv')]).stderr).toMatch(/field "--out"/);

    // The paper's evaluation scripts write one 0/1 score list per problem.
    const scores = path.join(dir, 'scores.jsonl');
    await writeFile(scores, '{"problem":"a","scores":[1,0,0,1]}\n{"problem":"b","scores":[0,0,0,0]}\n');
    const imp = runCli(['import', '--study', path.join(dir, 'imported.sqlite'), '--input', scores, '--model', 'qwen', '--benchmark', 'paper-scores']);
    expect(imp.status, imp.stderr).toBe(0);
    expect(JSON.parse(imp.stdout)).toMatchObject({ status: 'imported', problems: 2, samples: 8, source_verdicts: 8 });
  });
});
