import type { RunRecord } from '../study/types.js';
import type { StudyStore } from '../study/store.js';
import { registerRun } from '../sample/sample-run.js';
import type { RunSpec } from './run-spec.js';

/**
 * The model and run records of a planned run, found or created: the one place where a RunSpec
 * becomes store records, for `rlbound run` and for the queue's enqueue alike (a queued study and
 * an in-process one therefore find each other's runs), with the model's role.
 */
export async function registerRunSpec(store: StudyStore, spec: RunSpec, benchmarkId: number): Promise<{ run: RunRecord; created: boolean }> {
  const m = spec.model;
  const registered = await registerRun(store, {
    modelName: m.name,
    servedName: m.servedName,
    providerKind: m.provider,
    endpoint: m.endpoint,
    // The sampling record names the wire API; lab checkpoints are sampled in-process.
    api: m.checkpoint !== undefined ? 'lab' : m.api,
    benchmarkId,
    params: spec.params,
    n: spec.n,
    baseSeed: spec.baseSeed,
    rule: spec.rule,
  });
  // The study file's role of the model (base, rl, …) is kept with the model for reports.
  if (m.role !== undefined) await store.setModelRole(registered.run.modelId, m.role);
  return registered;
}
