import { MathBenchmark, type MathPolicy } from '../verify/math/index.js';
import { MathGradingPool } from '../verify/math/pool.js';
import { CodePool } from '../verify/code/index.js';
import { BUILTIN_BENCHMARKS } from '../bench/registry.js';
import { labTaskSpec } from '../bench/specs/lab.js';
import { InputError } from '../errors.js';
import { openStore } from '../study/open-store.js';
import type { BenchmarkRecord } from '../study/types.js';
import { verifyRun, type VerifyStageResult } from './verify-stage.js';

export type VerifierName = 'math' | 'code' | 'lab';

/** The verifier a stored benchmark needs: from its built-in spec, else from how its problems look. */
export function verifierFor(benchmark: BenchmarkRecord, firstGold: unknown): VerifierName {
  const spec = BUILTIN_BENCHMARKS[benchmark.name] ?? labTaskSpec(benchmark.name);
  if (spec !== undefined) return spec.verifier;
  if (MathBenchmark.safeParse(benchmark.name).success || typeof firstGold === 'string') return 'math';
  if (firstGold !== null && typeof firstGold === 'object' && 'task' in firstGold) return 'lab';
  return 'code';
}

export interface VerifyStudyOptions {
  study: string;
  /** Only this run (default: every run). */
  runId?: number;
  /** Force a verifier instead of the one the benchmark implies. */
  verifier?: VerifierName;
  policy?: MathPolicy;
  workers?: number;
  unsafeNoSandbox?: boolean;
  onRun?: (r: { runId: number; model: string; benchmark: string; verifier: VerifierName; result: VerifyStageResult }) => void;
}

/**
 * `rlbound verify`: (re-)verify the stored samples of a study without sampling again. Each run is
 * graded by the verifier its benchmark needs; samples that already have a verdict under the same
 * verifier, policy and version are skipped, so a changed policy or a new verifier version grades
 * everything again while a resumed run grades only what is missing.
 */
export async function verifyStudy(o: VerifyStudyOptions): Promise<void> {
  const store = await openStore(o.study, { mustExist: true });
  let math: MathGradingPool | undefined;
  let code: CodePool | undefined;
  try {
    const runs = (await store.listRuns()).filter((r) => o.runId === undefined || r.id === o.runId);
    if (o.runId !== undefined && runs.length === 0) throw new InputError(`no run ${o.runId} in this study`, { file: o.study, field: '--run' });
    const models = new Map((await store.listModels()).map((m) => [m.id, m.name]));
    for (const run of runs) {
      const benchmark = (await store.getBenchmarkById(run.benchmarkId))!;
      const [first] = await store.listProblems(benchmark.id);
      const verifier = o.verifier ?? verifierFor(benchmark, first?.gold ?? null);
      const result =
        verifier === 'math'
          ? await verifyRun({ store, runId: run.id, verifier, policy: o.policy ?? 'strict', pool: (math ??= new MathGradingPool({ workers: o.workers })) })
          : verifier === 'code'
            ? await verifyRun({ store, runId: run.id, verifier, pool: (code ??= await CodePool.create({ workers: o.workers, unsafeNoSandbox: o.unsafeNoSandbox })) })
            : await verifyRun({ store, runId: run.id, verifier });
      o.onRun?.({ runId: run.id, model: models.get(run.modelId) ?? String(run.modelId), benchmark: benchmark.name, verifier, result });
    }
  } finally {
    await math?.close();
    await code?.close();
    await store.close();
  }
}
