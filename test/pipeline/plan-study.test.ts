import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, saveCheckpoint } from '../../src/lab/model/index.js';
import { taskTokenizer } from '../../src/lab/experiment/tokenizer.js';
import { planStudy } from '../../src/pipeline/plan-study.js';
import { runStudy } from '../../src/pipeline/run-study.js';
import { studyJobs } from '../../src/queue/enqueue.js';
import { notStarted, studyStatus } from '../../src/queue/status.js';
import { sampleJobSchema, verifyJobSchema } from '../../src/queue/jobs.js';
import { openStore, sampleSeed, type StudyStore } from '../../src/study/index.js';

let dir: string;

/** Two tiny lab checkpoints on two lab benchmarks; the second model overrides some sampling settings. */
function studyYaml(store: string): string {
  return `store: ${store}
models:
  - name: base
    checkpoint: base
    role: base
  - name: rl
    checkpoint: rl
    role: rl
    sampling: { temperature: 1.2, max_tokens: 16 }
benchmarks:
  - name: lab-countdown
    limit: 3
  - name: lab-arithmetic
    limit: 2
    n: 5
sampling: { n: 4, seed: 11, concurrency: 2, max_tokens: 20 }
`;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rlbound-plan-'));
  const tokenizer = taskTokenizer();
  for (const [name, seed] of [
    ['base', 1],
    ['rl', 2],
  ] as const) {
    saveCheckpoint(path.join(dir, name), createModel({ layers: 1, dModel: 16, heads: 2, context: 64, vocab: tokenizer.vocabSize }, { seed }), {
      tokenizer,
      lineage: { kind: 'base', parent: null },
    });
  }
  await writeFile(path.join(dir, 'inproc.yaml'), studyYaml('inproc.sqlite'));
  await writeFile(path.join(dir, 'queued.yaml'), studyYaml('queued.sqlite'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Model and run records by names, without database ids and timestamps. */
async function records(store: StudyStore) {
  const out = [];
  for (const run of await store.listRuns()) {
    const m = (await store.getModelById(run.modelId))!;
    const b = (await store.getBenchmarkById(run.benchmarkId))!;
    out.push({
      model: [m.name, m.provider, m.endpoint, m.info, m.role],
      benchmark: b.name,
      sampling: run.sampling,
      targetN: run.targetN,
      baseSeed: run.baseSeed,
      promptTemplateHash: run.promptTemplateHash,
    });
  }
  return out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe('planStudy', () => {
  it('fills every default in one place (top_p 0.95 when unset): the study, the model and the benchmark entry override in that order', async () => {
    const plan = await planStudy(path.join(dir, 'inproc.yaml'));
    expect(plan.runs).toHaveLength(4);
    expect(
      plan.runs.map((r) => [
        r.model.name,
        r.benchmark.loaded.spec.name,
        r.n,
        r.params.temperature,
        r.params.topP,
        r.params.maxTokens,
        r.baseSeed,
        r.concurrency,
        r.verifier.settings.kind,
      ]),
    ).toEqual([
      ['base', 'lab-countdown', 4, 0.6, 0.95, 20, 11, 2, 'lab'],
      ['rl', 'lab-countdown', 4, 1.2, 0.95, 16, 11, 2, 'lab'],
      ['base', 'lab-arithmetic', 5, 0.6, 0.95, 20, 11, 2, 'lab'],
      ['rl', 'lab-arithmetic', 5, 1.2, 0.95, 16, 11, 2, 'lab'],
    ]);
    expect(plan.models.map((m) => [m.name, m.role, m.provider, m.endpoint])).toEqual([
      ['base', 'base', 'lab', `lab:${path.join(dir, 'base')}`],
      ['rl', 'rl', 'lab', `lab:${path.join(dir, 'rl')}`],
    ]);
    // Runs needing the same verifier share one verifier object (and so its worker pools).
    expect(new Set(plan.runs.map((r) => r.verifier)).size).toBe(1);
    await plan.verifiers.close();
  });

  it('the in-process run and the queue plan the same runs, seeds, prompts and verifiers', async () => {
    const inproc = await runStudy({ file: path.join(dir, 'inproc.yaml'), until: 'sample' });
    expect(inproc.runs).toHaveLength(4);
    const plan = await planStudy(path.join(dir, 'queued.yaml'));
    const queued = await openStore(plan.store);
    const a = await openStore(inproc.store, { mustExist: true });
    try {
      // Before the queue registers anything, status of the study file lists every planned run as not started.
      expect(notStarted(plan, await studyStatus(plan.store)).map((r) => [r.model, r.benchmark, r.slots])).toEqual([
        ['base', 'lab-countdown', 12],
        ['rl', 'lab-countdown', 12],
        ['base', 'lab-arithmetic', 10],
        ['rl', 'lab-arithmetic', 10],
      ]);
      const jobs = await studyJobs(plan, queued, 2);
      expect(notStarted(plan, await studyStatus(plan.store))).toEqual([]);
      // The same model and run records, whichever path registered them.
      expect(await records(queued)).toEqual(await records(a));
      expect((await a.listModels()).map((m) => [m.name, m.role])).toEqual([
        ['base', 'base'],
        ['rl', 'rl'],
      ]);
      expect(jobs.runs).toHaveLength(4);

      // Every planned slot is in exactly one sampling job, with the seed and settings the in-process run used.
      const stored = new Map<string, number>();
      for await (const r of a.iterateSampleTable()) stored.set(`${r.model}/${r.benchmark}/${r.problem}/${r.sampleIndex}`, r.seed);
      expect(stored.size).toBe(2 * (3 * 4 + 2 * 5));
      const problemKeys = new Map<number, string>();
      for (const b of await queued.listBenchmarks()) for (const p of await queued.listProblems(b.id)) problemKeys.set(p.id, p.key);
      let slots = 0;
      for (const flow of jobs.flows) {
        const verify = verifyJobSchema.parse(flow.data);
        const sample = sampleJobSchema.parse(flow.children![0].data);
        const run = jobs.runs.find((r) => r.runId === sample.runId)!;
        expect(sample.params).toEqual(run.spec.params);
        expect(verify.verifier).toEqual(run.spec.verifier.settings);
        for (let i = sample.first; i < sample.first + sample.count; i++) {
          expect(sampleSeed(sample.baseSeed, sample.problemIndex, i)).toBe(
            stored.get(`${run.model}/${run.benchmark}/${problemKeys.get(sample.problemId)}/${i}`),
          );
          slots++;
        }
      }
      expect(slots).toBe(stored.size);

      // Planned against the in-process store, the queue finds its runs and has nothing left to sample.
      const again = await studyJobs(await planStudy(path.join(dir, 'inproc.yaml')), a, 2);
      expect(again.runs.map((r) => r.runId).sort()).toEqual(inproc.runs.map((r) => r.runId).sort());
      expect(again.flows).toHaveLength(0);
      expect(again.verifyOnly.length).toBeGreaterThan(0);
    } finally {
      await queued.close();
      await a.close();
      await plan.verifiers.close();
    }
  });
});
