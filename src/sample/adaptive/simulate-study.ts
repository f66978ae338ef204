import { sha256Hex } from '../../study/json.js';
import { sampleSeed } from '../../study/seed.js';
import type { StudyStore } from '../../study/store.js';
import type { ModelRole, RunRecord, SampleInput, VerdictInput, VerifierKey } from '../../study/types.js';
import type { AdaptiveConfig } from './config.js';
import { runAdaptive, type AdaptiveSchedule } from './schedule.js';
import { slotOutcome } from './slot-outcome.js';

/** Verdicts of simulated samples are stored under this key. */
export const SIMULATED_VERIFIER: VerifierKey = { verifier: 'simulated', policy: 'bernoulli', version: '1' };

export interface SimulateInput {
  models: Array<{ name: string; role: ModelRole; rates: number[] }>;
  problems: string[];
  n: number;
  seed: number;
  /** Adaptive allocation (null: uniform n per problem). */
  adaptive: AdaptiveConfig | null;
}

export interface SimulateResult {
  runs: RunRecord[];
  samples: number;
  /** Per model, per problem: samples stored for this run. */
  perProblemN: number[][];
  schedule: AdaptiveSchedule | null;
}

/**
 * Fills a real study store with Bernoulli outcomes: for every model a run whose samples are empty
 * texts with verdicts under SIMULATED_VERIFIER, slot (model, problem, index) correct with the
 * problem's rate (decided by `slotOutcome`, so resuming or re-running stores the same outcomes).
 * The run's sampling JSON records the seed, the rates' hash and the adaptive settings, so uniform
 * and adaptive simulations of the same rates are different runs of one study. Resumable: each
 * problem's batch is one transaction, and the allocation is replayed from what is stored.
 */
export async function simulateStudy(store: StudyStore, input: SimulateInput, onRound?: (s: AdaptiveSchedule) => void): Promise<SimulateResult> {
  const ratesHash = sha256Hex(JSON.stringify({ problems: input.problems, rates: input.models.map((m) => m.rates) }));
  const bench = await store.putBenchmark({ name: 'simulated', source: 'simulate:bernoulli', contentHash: sha256Hex(input.problems.join('\n')) });
  await store.putProblems(
    bench.id,
    input.problems.map((key, index) => ({ index, key, prompt: '' })),
  );
  const problems = await store.listProblems(bench.id);
  const byKey = new Map(problems.map((p) => [p.key, p] as const));
  const records = input.problems.map((key) => byKey.get(key)!);
  const sampling = {
    simulated: 'bernoulli',
    rates_sha256: ratesHash,
    seed: input.seed,
    adaptive:
      input.adaptive === null
        ? null
        : {
            pilot: input.adaptive.pilot,
            n_max: input.adaptive.nMax,
            budget: input.adaptive.budget,
            width: input.adaptive.width,
            targets: [...input.adaptive.targets],
            k: input.adaptive.k,
            base: input.adaptive.base,
          },
  };
  const runs: RunRecord[] = [];
  for (const m of input.models) {
    const model = await store.putModel({ name: m.name, provider: 'simulated', info: { rates_sha256: ratesHash } });
    await store.setModelRole(model.id, m.role);
    const { run } = await store.findOrCreateRun({
      modelId: model.id,
      benchmarkId: bench.id,
      sampling,
      targetN: input.n,
      baseSeed: input.seed,
      promptTemplateHash: 'simulated',
    });
    runs.push(run);
  }

  let written = 0;
  const draw = async (j: number, i: number, from: number, to: number): Promise<void> => {
    const run = runs[j]!;
    const problem = records[i]!;
    await store.transaction(async (tx) => {
      const samples: SampleInput[] = [];
      for (let s = from; s < to; s++)
        samples.push({
          runId: run.id,
          problemId: problem.id,
          sampleIndex: s,
          seed: sampleSeed(input.seed, problem.index, s),
          text: '',
          finishReason: 'simulated',
        });
      written += (await tx.insertSamples(samples)).written;
      const verdicts: VerdictInput[] = [];
      for await (const row of tx.iterateSamples(run.id, { problemId: problem.id })) {
        if (row.sampleIndex < from || row.sampleIndex >= to) continue;
        const correct = slotOutcome(input.seed, j, problem.index, row.sampleIndex, input.models[j]!.rates[i]!) === 1;
        verdicts.push({ ...SIMULATED_VERIFIER, sampleId: row.id, correct, extracted: null, reason: 'simulated Bernoulli outcome', durationMs: 0 });
      }
      await tx.putVerdicts(verdicts);
    });
  };
  const load = async (): Promise<(0 | 1)[][][]> =>
    Promise.all(
      runs.map(async (run) => {
        const byId = new Map((await store.loadOutcomes(run.id, SIMULATED_VERIFIER)).map((o) => [o.problemId, o.scores ?? []] as const));
        return records.map((p) => [...(byId.get(p.key) ?? [])]);
      }),
    );

  let schedule: AdaptiveSchedule | null = null;
  if (input.adaptive === null) {
    const have = await load();
    for (let j = 0; j < runs.length; j++)
      for (let i = 0; i < records.length; i++) if (have[j]![i]!.length < input.n) await draw(j, i, have[j]![i]!.length, input.n);
  } else {
    schedule = await runAdaptive(
      {
        load,
        draw: async (pending) => {
          for (const p of pending) await draw(p.model, p.problem, p.from, p.to);
        },
      },
      input.adaptive,
      input.seed,
      onRound,
    );
  }
  const final = await load();
  return { runs, samples: written, perProblemN: final.map((row) => row.map((seq) => seq.length)), schedule };
}
