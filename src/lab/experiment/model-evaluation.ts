import path from 'node:path';
import type { JsonObject, StudyStore } from '../../study/index.js';
import { samplerFor, saveCheckpoint, type CharTokenizer, type GptModel, type LineageInput, type Sampler } from '../model/index.js';
import type { TaskFamily, TaskProblem } from '../tasks/task.js';
import { sampleAndVerify, scoreResponses, type EvalSettings } from './evaluate.js';
import { recordEvaluation, recordScores } from './study-record.js';
import type { EvaluatedModel } from './summary.js';

/** Where one experiment writes: its study store, held-out benchmark, base model and checkpoint folder. */
export interface EvaluationContext {
  store: StudyStore;
  benchmarkId: number;
  task: TaskFamily;
  tokenizer: CharTokenizer;
  problems: readonly TaskProblem[];
  settings: EvalSettings;
  /** The base model scores every model's samples (perplexity under the base). */
  base: GptModel;
  /** Store id of the base model (the scorer); set once the base is evaluated. */
  baseModelId: number | null;
  checkpointsDir: string;
  /** Appended to checkpoint folder names (e.g. `-seed1`), so several seeds share one folder. */
  checkpointSuffix?: string;
  onProgress?: (done: number, total: number) => void;
  /** The sampler for a model (e.g. a ParallelSampler on both cores); default the model's own. */
  samplerOf?: (model: GptModel) => Pick<Sampler, 'sample'>;
}

export interface CheckpointInfo {
  name: string;
  kind: EvaluatedModel['kind'];
  algorithm: string | null;
  step: number | null;
  /** Store name of the parent checkpoint (null for the base). */
  parent: string | null;
  lineage: LineageInput;
  training?: JsonObject;
}

/** A plain-data copy, as the store's JSON columns want it. */
const asJson = (x: object): JsonObject => JSON.parse(JSON.stringify(x)) as JsonObject;

const STAGE: Record<EvaluatedModel['kind'], string> = { base: 'pretrain', rl: 'rl', distill: 'distill' };

/**
 * Saves a checkpoint (safetensors + config, servable by `rlbound serve`), samples and verifies it on
 * the held-out problems, records samples/verdicts/base-model scores and its lineage in the study
 * store, and returns what the analytics need — read back from the store.
 */
export async function evaluateCheckpoint(ctx: EvaluationContext, model: GptModel, info: CheckpointInfo): Promise<EvaluatedModel> {
  const dir = path.join(ctx.checkpointsDir, info.name + (ctx.checkpointSuffix ?? ''));
  saveCheckpoint(dir, model, { tokenizer: ctx.tokenizer, lineage: info.lineage, training: info.training });
  const samples = sampleAndVerify(ctx.samplerOf?.(model) ?? samplerFor(model), ctx.tokenizer, ctx.task, ctx.problems, ctx.settings, ctx.onProgress);
  const recorded = await recordEvaluation(ctx.store, {
    benchmarkId: ctx.benchmarkId,
    task: ctx.task,
    modelName: info.name,
    modelInfo: { role: info.kind, algorithm: info.algorithm, step: info.step, checkpoint: dir, params: model.numParams },
    settings: ctx.settings,
    samples,
  });
  if (info.kind === 'base') ctx.baseModelId = recorded.modelId;
  if (ctx.baseModelId === null) throw new Error('evaluate the base model first: it is the perplexity scorer');
  const scored = scoreResponses(ctx.base, ctx.tokenizer, samples, ctx.settings.perplexitySamples);
  const pplUnderBase = await recordScores(ctx.store, {
    runId: recorded.runId,
    benchmarkId: ctx.benchmarkId,
    scorerModelId: ctx.baseModelId,
    samples,
    scored,
    perProblem: ctx.settings.perplexitySamples,
  });
  await ctx.store.putLabCheckpoint({
    name: `lab:${info.name}`,
    parentName: info.parent === null ? null : `lab:${info.parent}`,
    stage: STAGE[info.kind],
    algorithm: info.algorithm,
    // Only GRPO's checkpoints form the "across training steps" series; other algorithms keep their step in the config.
    step: info.kind === 'rl' && info.algorithm === 'grpo' ? info.step : null,
    path: dir,
    config: { step: info.step, lineage: asJson(info.lineage) },
    metrics: info.training ?? {},
  });
  const reasons: Record<string, number> = {};
  for (const ps of samples) for (const r of ps.responses) reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
  return { name: info.name, kind: info.kind, algorithm: info.algorithm, step: info.step, outcomes: recorded.outcomes, pplUnderBase, reasons };
}
