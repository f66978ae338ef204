import { openStudy } from '../../study/index.js';
import { buildRunSummary, type EvaluatedModel, type RunSummary } from './summary.js';

const KIND: Record<string, EvaluatedModel['kind']> = { pretrain: 'base', rl: 'rl', distill: 'distill' };

/**
 * Rebuilds a lab run's summary from its study store alone — outcomes, base-model scores and the
 * lineage of every checkpoint — so an interrupted or partial run is re-analyzed without sampling
 * again. Models are the lab checkpoints that have a run; names drop the store's `lab:` prefix.
 */
export async function summarizeStudy(studyFile: string, options: { task: string; seed: number; wallSeconds?: number }): Promise<RunSummary> {
  const store = await openStudy(studyFile, { readonly: true, mustExist: true });
  try {
    const key = { verifier: `lab-${options.task}`, policy: 'exact', version: '1' };
    const checkpoints = new Map((await store.listLabCheckpoints()).map((c) => [c.name, c]));
    const base = [...checkpoints.values()].find((c) => c.stage === 'pretrain');
    const scorer = base ? await store.getModel(base.name) : null;
    if (!scorer) throw new Error(`${studyFile}: no evaluated base model`);
    const models: EvaluatedModel[] = [];
    let n = 0;
    for (const run of await store.listRuns()) {
      const model = await store.getModelById(run.modelId);
      const cp = model ? checkpoints.get(model.name) : undefined;
      if (!model || !cp) continue;
      const outcomes = await store.loadOutcomes(run.id, key);
      if (outcomes.length === 0) continue;
      n = Math.max(n, ...outcomes.map((o) => o.n));
      const scores = await store.loadScores(run.id, scorer.id);
      const configStep = (cp.config as { step?: unknown }).step;
      models.push({
        name: model.name.replace(/^lab:/, ''),
        kind: KIND[cp.stage] ?? 'rl',
        algorithm: cp.algorithm,
        step: typeof configStep === 'number' ? configStep : cp.step,
        outcomes,
        pplUnderBase: scores.map((s) => ({ nllSum: s.nllSum, tokens: s.tokenCount })),
        reasons: {},
      });
    }
    // The base first, as the demo writes it.
    models.sort((a, b) => (a.kind === 'base' ? -1 : b.kind === 'base' ? 1 : 0));
    return buildRunSummary({ task: options.task, n, seed: options.seed, wallSeconds: options.wallSeconds ?? 0, models });
  } finally {
    await store.close();
  }
}
