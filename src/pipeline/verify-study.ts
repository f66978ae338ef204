import { findBenchmarkSpec } from '../bench/registry.js';
import { InputError } from '../errors.js';
import { openStore } from '../study/open-store.js';
import type { BenchmarkRecord } from '../study/types.js';
import type { MathPolicy } from '../verify/math/index.js';
import { claimingVerifier } from '../verify/registry.js';
import type { VerifierKind, VerifierSettings } from '../verify/verifier.js';
import { PlanVerifiers } from './plan-study.js';
import { verifyRun, type VerifyStageResult } from './verify-stage.js';

/** The verifier a stored benchmark needs: from its built-in (or plugin) spec, else the first verifier that claims its data, else code. */
export function verifierFor(benchmark: BenchmarkRecord, firstGold: unknown): VerifierKind {
  return findBenchmarkSpec(benchmark.name)?.verifier ?? claimingVerifier(benchmark, firstGold) ?? 'code';
}

export interface VerifyStudyOptions {
  study: string;
  /** Only this run (default: every run). */
  runId?: number;
  /** Force a verifier instead of the one the benchmark implies. */
  verifier?: VerifierKind;
  policy?: MathPolicy;
  workers?: number;
  unsafeNoSandbox?: boolean;
  onRun?: (r: { runId: number; model: string; benchmark: string; verifier: VerifierKind; result: VerifyStageResult }) => void;
}

function settingsOf(kind: VerifierKind, o: VerifyStudyOptions): VerifierSettings {
  const workers = o.workers !== undefined ? { workers: o.workers } : {};
  if (kind === 'math') return { kind, policy: o.policy ?? 'strict', ...workers };
  if (kind === 'code') return { kind, ...workers, ...(o.unsafeNoSandbox ? { unsafeNoSandbox: true } : {}) };
  return { kind };
}

/**
 * `rlbound verify`: (re-)verify the stored samples of a study without sampling again. Each run is
 * graded by the verifier its benchmark needs; samples that already have a verdict under the same
 * verifier, policy and version are skipped, so a changed policy or a new verifier version grades
 * everything again while a resumed run grades only what is missing.
 */
export async function verifyStudy(o: VerifyStudyOptions): Promise<void> {
  const store = await openStore(o.study, { mustExist: true });
  const verifiers = new PlanVerifiers();
  try {
    const runs = (await store.listRuns()).filter((r) => o.runId === undefined || r.id === o.runId);
    if (o.runId !== undefined && runs.length === 0) throw new InputError(`no run ${o.runId} in this study`, { file: o.study, field: '--run' });
    const models = new Map((await store.listModels()).map((m) => [m.id, m.name]));
    for (const run of runs) {
      const benchmark = (await store.getBenchmarkById(run.benchmarkId))!;
      const [first] = await store.listProblems(benchmark.id);
      const kind = o.verifier ?? verifierFor(benchmark, first?.gold ?? null);
      const result = await verifyRun({ store, runId: run.id, verifier: verifiers.get(settingsOf(kind, o)) });
      o.onRun?.({ runId: run.id, model: models.get(run.modelId) ?? String(run.modelId), benchmark: benchmark.name, verifier: kind, result });
    }
  } finally {
    await verifiers.close();
    await store.close();
  }
}
