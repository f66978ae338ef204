import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStudy, type ModelRecord, type SampleInput, type StudyStore, type VerifierKey } from '../../src/study/index.js';

/** The key the fixture's imported verdicts are stored under (a grader that ran elsewhere). */
const IMPORTED_VERIFIER: VerifierKey = { verifier: 'import', policy: 'as-recorded', version: '1' };

/** Samples per problem in the fixture (the paper's MATH500 runs have 128; small keeps the test quick). */
export const N = 16;
export const PROBLEMS = 60;

/**
 * Correct samples per problem of the two models at the temperature the study reports (T 0.6):
 * the RL model solves two thirds of the problems reliably and never the rest; the base solves
 * every problem, rarely — so the RL model leads at k = 1 and the base catches up at a larger k.
 */
export const CORRECT_T06: Record<'qwen-base' | 'rl-zoo', number[]> = {
  'qwen-base': Array.from({ length: PROBLEMS }, (_, i) => 1 + (i % 4)),
  'rl-zoo': Array.from({ length: PROBLEMS }, (_, i) => (i < 40 ? 10 + (i % 5) : 0)),
};
/** The other, unselected runs (T 0.8): different numbers, so reading them by mistake shows. */
export const CORRECT_T08: Record<'qwen-base' | 'rl-zoo', number[]> = {
  'qwen-base': Array.from({ length: PROBLEMS }, (_, i) => 3 + (i % 5)),
  'rl-zoo': Array.from({ length: PROBLEMS }, (_, i) => (i < 30 ? 15 : 1)),
};

/** Declares a model's role the way `rlbound import --role` does. */
async function putModelWithRole(store: StudyStore, name: string, role: 'base' | 'rl'): Promise<ModelRecord> {
  const model = await store.putModel({ name, provider: 'import' });
  await store.setModelRole(model.id, role);
  return model;
}

/**
 * A third-party-like study in a real SQLite file, laid out the way `rlbound import` stores
 * verdicts-only results (empty texts, finish reason "imported", an "import" template marker, the
 * import verifier key): the RL model imported first, then the base, both with declared roles, and
 * each model with two runs on the benchmark (T 0.6 and T 0.8) — the case that must be refused
 * until the user says which runs count.
 */
export async function buildThirdPartyStudy(): Promise<{ dir: string; file: string; runIds: { t06: number[]; t08: number[] }; cleanup: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rlbound-third-party-'));
  const file = path.join(dir, 'math500-study.sqlite');
  const store = await openStudy(file);
  const bench = await store.putBenchmark({ name: 'math500', source: 'import:results.jsonl', contentHash: 'third-party' });
  await store.putProblems(
    bench.id,
    Array.from({ length: PROBLEMS }, (_, i) => ({
      index: i,
      key: `test/algebra/${i}.json`,
      prompt: `Find $x$ if $2x = ${2 * (i + 1)}$.`,
      gold: i % 3 === 0 ? `\\frac{${i + 1}}{2}` : String(i + 1),
    })),
  );
  const problems = await store.listProblems(bench.id);
  const runIds = { t06: [] as number[], t08: [] as number[] };
  // The RL model first: insertion order must not make it the base.
  for (const [name, role] of [
    ['rl-zoo', 'rl'],
    ['qwen-base', 'base'],
  ] as const) {
    const model = await putModelWithRole(store, name, role);
    for (const [temperature, counts] of [
      [0.6, CORRECT_T06],
      [0.8, CORRECT_T08],
    ] as const) {
      const { run } = await store.findOrCreateRun({
        modelId: model.id,
        benchmarkId: bench.id,
        sampling: { source: 'import', temperature, top_p: 0.95, max_tokens: 16384 },
        targetN: N,
        baseSeed: 0,
        promptTemplateHash: 'import',
      });
      (temperature === 0.6 ? runIds.t06 : runIds.t08).push(run.id);
      const samples: SampleInput[] = problems.flatMap((p) =>
        Array.from({ length: N }, (_, s) => ({ runId: run.id, problemId: p.id, sampleIndex: s, seed: s, text: '', finishReason: 'imported' })),
      );
      await store.insertSamples(samples);
      const verdicts = [];
      for await (const s of store.iterateSamples(run.id)) {
        const pi = problems.findIndex((p) => p.id === s.problemId);
        verdicts.push({
          ...IMPORTED_VERIFIER,
          sampleId: s.id,
          correct: s.sampleIndex < counts[name][pi]!,
          extracted: null,
          reason: 'imported from results.jsonl',
          durationMs: 0,
        });
      }
      await store.putVerdicts(verdicts);
    }
  }
  await store.close();
  return { dir, file, runIds, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** pass@k of one problem, 1 − C(n−c, k)/C(n, k), as a running product (no library code). */
export function exactPassAtK(n: number, c: number, k: number): number {
  if (n - c < k) return 1;
  let miss = 1;
  for (let j = 0; j < k; j++) miss *= (n - c - j) / (n - j);
  return 1 - miss;
}

export const meanPassAtK = (counts: number[], k: number): number => counts.reduce((s, c) => s + exactPassAtK(N, c, k), 0) / counts.length;
