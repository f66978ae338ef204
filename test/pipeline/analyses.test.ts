import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, saveCheckpoint } from '../../src/lab/model/index.js';
import { taskTokenizer } from '../../src/lab/experiment/tokenizer.js';
import { datasetPassAtK } from '../../src/analyze/index.js';
import { openStudy } from '../../src/study/index.js';
import { runStudy } from '../../src/pipeline/run-study.js';
import { spawnServe, type ServeProcess } from '../serve/serve-process.js';

// The paper's auxiliary analyses on two lab checkpoints behind real `rlbound serve` processes:
// the checkpoint series, the temperature sweep with entropy matching, the guessability filter
// (on a small math benchmark written in the lab alphabet) and the CoT inspection queue.
let dir: string;
const serves: ServeProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rlbound-analyses-'));
  const tokenizer = taskTokenizer();
  for (const [name, seed] of [
    ['base', 3],
    ['rl', 4],
  ] as const) {
    saveCheckpoint(path.join(dir, name), createModel({ layers: 1, dModel: 16, heads: 2, context: 64, vocab: tokenizer.vocabSize }, { seed }), {
      tokenizer,
      lineage: { kind: 'base', parent: null },
    });
    serves.push(await spawnServe(path.join(dir, name), name));
  }
  // Answers a random model guesses sometimes: single digits.
  await writeFile(
    path.join(dir, 'digits.jsonl'),
    Array.from({ length: 5 }, (_, i) => JSON.stringify({ id: `d${i}`, question: `#${i}+0=`, answer: String(i) })).join('\n') + '\n',
  );
  await writeFile(path.join(dir, 'digits.yaml'), 'name: digits\nkind: math\nfile: digits.jsonl\nfields: { id: id }\n');
  await writeFile(
    path.join(dir, 'study.yaml'),
    `store: study.sqlite
models:
  - { name: base, endpoint: ${serves[0].url}, template: raw }
  - { name: rl, endpoint: ${serves[1].url}, template: raw }
benchmarks:
  - { name: lab-arithmetic, limit: 4 }
  # Enough samples that a random model answers some digit problems, but rarely (the CoT queue's rate).
  - { name: digits, spec: digits.yaml, n: 48 }
sampling: { n: 8, temperature: 1, top_p: 1, max_tokens: 6, seed: 11, concurrency: 4 }
# The paper grader reads a bare final number, so a random model is right now and then (strict wants \\boxed{}).
verify: { math: { policy: paper } }
analyses:
  checkpoints: { series: [base, rl] }
  temperature_sweep: { temperatures: [0.5, 2.0], match_to: base, top_logprobs: 5 }
  guessability: { template: raw, n: 16 }
  cot_queue: { max_rate: 0.9 }
report: { out: out }
`,
  );
});
afterAll(async () => {
  await Promise.all(serves.map((s) => s.stop()));
});

// The analysis files as a script reads them (snake_case field names; docs/study-file.md).
interface SeriesFile {
  benchmark: string;
  points: { model: string; k: number; pass_at1: number; pass_at_k: number }[];
}
interface SweepFile {
  benchmark: string;
  reference: { model: string; temperature: number; entropy: number | null };
  models: { model: string; runs: { temperature: number; run_id: number; entropy: number | null }[]; matched_temperature: number | null }[];
}
interface GuessFile {
  benchmark: string;
  guess_run_id: number;
  guessable: string[];
  non_guessable_pass_at_k: Record<string, { k: number[]; pass_at_k: number[]; problems: number }>;
}

describe('study analyses', () => {
  it('writes the checkpoint series, the temperature sweep, the guessable set and the CoT queue, consistent with the store', async () => {
    const result = await runStudy({ file: path.join(dir, 'study.yaml'), until: 'analyze' });
    const out = path.join(dir, 'out');
    const series = JSON.parse(await readFile(path.join(out, 'checkpoint-series.json'), 'utf8')) as SeriesFile[];
    const sweep = JSON.parse(await readFile(path.join(out, 'temperature-sweep.json'), 'utf8')) as SweepFile[];
    const guess = JSON.parse(await readFile(path.join(out, 'guessability.json'), 'utf8')) as GuessFile[];
    const queue = (await readFile(path.join(out, 'cot-queue.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { run_id: number; sample_id: number; problem: string; accuracy: number });

    const store = await openStudy(path.join(dir, 'study.sqlite'), { mustExist: true });
    try {
      // Checkpoint series: pass@1 and pass@k (k = the smallest n) of each checkpoint equal the analytics on its stored outcomes.
      expect(series.map((s) => s.benchmark).sort()).toEqual(['digits', 'lab-arithmetic']);
      for (const s of series) {
        expect(s.points.map((p) => p.model)).toEqual(['base', 'rl']);
        for (const p of s.points) {
          const run = result.runs.find((r) => r.model === p.model && r.benchmark === s.benchmark)!;
          const [key] = await store.listVerifierKeys(run.runId);
          const k = s.benchmark === 'digits' ? 48 : 8;
          const curve = datasetPassAtK(await store.loadOutcomes(run.runId, key), [1, k]);
          expect([p.k, p.pass_at1, p.pass_at_k]).toEqual([k, curve.passAtK[0], curve.passAtK[1]]);
        }
      }
      // Temperature sweep: one extra run per temperature for rl, each with its measured entropy, and the closest one matched.
      expect(sweep.map((s) => s.benchmark).sort()).toEqual(['digits', 'lab-arithmetic']);
      for (const s of sweep) {
        expect(s.reference.model).toBe('base');
        expect(s.reference.entropy).toBeGreaterThan(0);
        const rl = s.models.find((m) => m.model === 'rl')!;
        expect(rl.runs.map((r) => r.temperature)).toEqual([0.5, 2.0]);
        for (const r of rl.runs) expect(r.entropy).toBeGreaterThan(0);
        const closest = rl.runs.reduce((b, r) => (Math.abs(r.entropy! - s.reference.entropy!) < Math.abs(b.entropy! - s.reference.entropy!) ? r : b));
        expect(rl.matched_temperature).toBe(closest.temperature);
        const run = await store.getRun(rl.runs[1].run_id);
        expect((run!.sampling as { temperature: number }).temperature).toBe(2.0);
        // The sweep keeps the main run's other settings as planned (top_p included), changing only the temperature.
        const main = await store.getRun(result.runs.find((r) => r.model === 'rl' && r.benchmark === s.benchmark)!.runId);
        expect({ ...(run!.sampling as object), temperature: 0 }).toEqual({ ...(main!.sampling as object), temperature: 0 });
      }
      // Guessability on the math benchmark only, computed from its own stored run.
      expect(guess.map((g) => g.benchmark)).toEqual(['digits']);
      const g = guess[0];
      const [gk] = await store.listVerifierKeys(g.guess_run_id);
      const guessed = (await store.loadOutcomes(g.guess_run_id, gk))
        .filter((o) => o.c > 0)
        .map((o) => o.problemId)
        .sort();
      expect(guessed.length).toBeGreaterThan(0);
      expect([...g.guessable].sort()).toEqual(guessed);
      // CoT queue: every item is a correct response to a problem solved in (0, 0.9) of samples.
      expect(queue.length).toBeGreaterThan(0);
      for (const item of queue) expect((await store.getSample(item.sample_id))?.runId).toBe(item.run_id);
      for (const item of queue) expect(item.accuracy).toBeGreaterThan(0);
      for (const item of queue) expect(item.accuracy).toBeLessThan(0.9);
    } finally {
      await store.close();
    }
  });
});
