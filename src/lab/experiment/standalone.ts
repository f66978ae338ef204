import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { reportStudy } from '../../report/index.js';
import { openStudy } from '../../study/index.js';
import { saveCheckpoint, type GptModel, type LoadedCheckpoint } from '../model/index.js';
import { trainRl, type AlgorithmName, type RlRunResult } from '../rl/index.js';
import { getTask } from '../tasks/registry.js';
import { distill, type DistillFormat } from './distill.js';
import { EvalSettingsSchema } from './evaluate.js';
import { evaluateCheckpoint, type EvaluationContext } from './model-evaluation.js';
import type { LabPreset } from './presets.js';
import { putLabBenchmark } from './study-record.js';
import { loadTaskCheckpoint } from './task-guard.js';
import { buildRunSummary, type EvaluatedModel, type RunSummary } from './summary.js';

/** The `rlbound lab rl|distill|eval` building blocks: each phase alone, on checkpoint folders. */

/** RL from a checkpoint with one algorithm; saves the final policy with lineage `rl`. */
export function rlFromCheckpoint(options: {
  base: string;
  out: string;
  preset: LabPreset;
  algorithm: AlgorithmName;
  steps?: number;
  seed: number;
  onStep?: Parameters<typeof trainRl>[0]['onStep'];
}): RlRunResult {
  const { model, tokenizer } = loadTaskCheckpoint(options.base, options.preset, '--base');
  const task = getTask(options.preset.task.name, options.preset.task.difficulty);
  const result = trainRl({
    policy: model,
    tokenizer,
    task,
    trainProblems: task.problems('train', options.preset.trainProblems, 1),
    config: { ...options.preset.rl, algorithm: options.algorithm, steps: options.steps ?? options.preset.rl.steps, seed: options.seed },
    onStep: options.onStep,
  });
  saveCheckpoint(options.out, model, {
    tokenizer,
    lineage: { kind: 'rl', parent: options.base, algorithm: options.algorithm, step: result.config.steps, seed: options.seed },
    training: { task: options.preset.task, config: JSON.parse(JSON.stringify(result.config)), samplesGenerated: result.samplesGenerated },
  });
  return result;
}

/** SFT of a checkpoint on teacher traces (or the control format); saves it with lineage `distilled`. */
export function distillFromCheckpoint(options: {
  base: string;
  out: string;
  preset: LabPreset;
  format: DistillFormat;
  seed: number;
  onStep?: Parameters<typeof distill>[0]['onStep'];
}): { finalLoss: number } {
  const { model, tokenizer } = loadTaskCheckpoint(options.base, options.preset, '--base');
  const task = getTask(options.preset.task.name, options.preset.task.difficulty);
  const d = distill({ base: model, task, tokenizer, recipe: options.preset.distill, format: options.format, seed: options.seed, onStep: options.onStep });
  saveCheckpoint(options.out, d.model, {
    tokenizer,
    lineage: { kind: 'distilled', parent: options.base, seed: options.seed, description: `SFT on ${options.format} traces` },
    training: { task: options.preset.task, recipe: JSON.parse(JSON.stringify(options.preset.distill)), format: options.format, finalLoss: d.finalLoss },
  });
  return { finalLoss: d.finalLoss };
}

const KIND: Record<string, EvaluatedModel['kind']> = { base: 'base', rl: 'rl', distilled: 'distill', sft: 'distill' };

/**
 * Evaluates a base checkpoint and any others on the held-out problems into `out/study.sqlite`,
 * then writes `out/summary.json` and `out/report.html`. Model names are the folder names.
 */
export async function evaluateCheckpointDirs(options: {
  base: string;
  models: readonly string[];
  out: string;
  preset: LabPreset;
  seed: number;
  onProgress?: (model: string, done: number, total: number) => void;
}): Promise<{ summary: RunSummary; summaryFile: string; reportFile: string }> {
  const started = Date.now();
  mkdirSync(options.out, { recursive: true });
  const studyFile = path.join(options.out, 'study.sqlite');
  for (const ext of ['', '-wal', '-shm']) rmSync(studyFile + ext, { force: true });
  const task = getTask(options.preset.task.name, options.preset.task.difficulty);
  const problems = task.problems('test', options.preset.evalProblems, 1);
  const base = loadTaskCheckpoint(options.base, options.preset, '--base');
  const store = await openStudy(studyFile);
  const evaluated: EvaluatedModel[] = [];
  const settings = EvalSettingsSchema.parse({ ...options.preset.eval, seed: 1000 + options.seed });
  try {
    const ctx: EvaluationContext = {
      store,
      benchmarkId: await putLabBenchmark(store, task, problems, 'heldout'),
      task,
      tokenizer: base.tokenizer,
      problems,
      settings,
      base: base.model,
      baseModelId: null,
      checkpointsDir: path.join(options.out, 'checkpoints'),
    };
    const baseName = path.basename(path.resolve(options.base));
    const entries: [string, GptModel, LoadedCheckpoint['config']][] = [
      [baseName, base.model, base.config],
      ...options.models.map((dir): [string, GptModel, LoadedCheckpoint['config']] => {
        const c = loadTaskCheckpoint(dir, options.preset, '--model');
        return [path.basename(path.resolve(dir)), c.model, c.config];
      }),
    ];
    for (const [i, [name, model, config]] of entries.entries()) {
      ctx.onProgress = (done, total) => options.onProgress?.(name, done, total);
      const lineage = config.lineage;
      evaluated.push(
        await evaluateCheckpoint(ctx, model, {
          name,
          kind: i === 0 ? 'base' : (KIND[lineage.kind] ?? 'rl'),
          algorithm: lineage.algorithm ?? null,
          step: lineage.step ?? null,
          parent: i === 0 ? null : baseName,
          lineage,
        }),
      );
      // The base scores every later model; the others can give their wasm memory back now.
      if (i > 0) model.dispose();
    }
  } finally {
    await store.close();
    base.model.dispose();
  }
  const summary = buildRunSummary({ task: task.name, n: settings.n, seed: options.seed, wallSeconds: (Date.now() - started) / 1000, models: evaluated });
  const summaryFile = path.join(options.out, 'summary.json');
  writeFileSync(summaryFile, JSON.stringify(summary, null, 2) + '\n');
  const files = await reportStudy({ study: studyFile, out: options.out, bootstrap: { seed: options.seed } });
  return { summary, summaryFile, reportFile: files.html };
}
