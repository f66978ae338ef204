import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { reportStudy } from '../report/index.js';
import { openStudy, type JsonObject } from '../study/index.js';
import { distill } from './experiment/distill.js';
import { labHeapMib } from './experiment/engine.js';
import { EvalSettingsSchema } from './experiment/evaluate.js';
import { evaluateCheckpoint, type EvaluationContext } from './experiment/model-evaluation.js';
import type { LabPreset } from './experiment/presets.js';
import { pretrainBase } from './experiment/pretrain.js';
import { putLabBenchmark } from './experiment/study-record.js';
import { checkFindings } from './experiment/findings.js';
import { averageSummaries, buildRunSummary, RunSummarySchema, type EvaluatedModel, type RunSummary } from './experiment/summary.js';
import { loadTaskCheckpoint } from './experiment/task-guard.js';
import { taskTokenizer } from './experiment/tokenizer.js';
import type { GptModel } from './model/index.js';
import { cloneModel } from './rl/models.js';
import { trainRl, type AlgorithmName, type RlStepMetrics } from './rl/index.js';
import { getTask } from './tasks/registry.js';

/** A progress event: which phase, a line of text, and (when known) how far along it is. */
export interface LabEvent {
  seed: number;
  phase: 'pretrain' | 'rl' | 'distill' | 'eval' | 'report' | 'done';
  message: string;
  done?: number;
  total?: number;
}

export interface LabDemoOptions {
  preset: LabPreset;
  algorithms: readonly AlgorithmName[];
  seeds: readonly number[];
  outDir: string;
  /** A base checkpoint to start from (the one the repository ships); null = pretrain per seed. */
  baseCheckpoint: string | null;
  /**
   * The distillation arm: `live` trains it here (`control` adds the expression-format SFT control
   * of lab-prototype.md §2.6), `checkpoint` loads checkpoints made by `rlbound lab distill`, `none`
   * skips it.
   */
  distill: { mode: 'live'; control: boolean } | { mode: 'checkpoint'; teacher: string; control: string | null } | { mode: 'none' };
  onEvent?: (e: LabEvent) => void;
}

export interface LabDemoResult {
  summary: RunSummary | (RunSummary & { runs: RunSummary[] });
  summaryFile: string;
  reportFiles: string[];
  wallSeconds: number;
}

/**
 * The paper in miniature (what `npm start` runs): a base model (loaded or pretrained), RL with
 * each requested algorithm (GRPO with intermediate checkpoints), distillation on teacher traces,
 * then every checkpoint evaluated through the real pipeline — samples, verdicts and base-model
 * scores in a study store, analytics from src/analyze, the HTML report from src/report — and
 * `summary.json` in the schema.
 */
export async function runLabDemo(options: LabDemoOptions): Promise<LabDemoResult> {
  const started = Date.now();
  if (options.seeds.length === 0) throw new InputError('at least one seed is needed', { field: '--seeds' });
  if (options.baseCheckpoint !== null && !existsSync(options.baseCheckpoint)) {
    throw new InputError(`base checkpoint ${options.baseCheckpoint} does not exist (run \`rlbound lab pretrain\` or pass --pretrain)`, { field: '--base' });
  }
  mkdirSync(options.outDir, { recursive: true });
  const runs: RunSummary[] = [];
  const reportFiles: string[] = [];
  for (const [i, seed] of options.seeds.entries()) {
    const seedStarted = Date.now();
    const suffix = i === 0 ? '' : `-seed${seed}`;
    const studyFile = path.join(options.outDir, `study${suffix}.sqlite`);
    // A rerun into the same folder starts a fresh study (the store never overwrites samples).
    for (const ext of ['', '-wal', '-shm']) rmSync(studyFile + ext, { force: true });
    const models = await runOneSeed(options, seed, suffix, studyFile);
    const summary = buildRunSummary({
      task: options.preset.task.name,
      n: EvalSettingsSchema.parse(options.preset.eval).n,
      seed,
      wallSeconds: (Date.now() - seedStarted) / 1000,
      models,
    });
    runs.push(RunSummarySchema.parse(summary));
    options.onEvent?.({ seed, phase: 'report', message: 'writing the HTML report' });
    const files = await reportStudy({
      study: studyFile,
      out: i === 0 ? options.outDir : path.join(options.outDir, `report${suffix}`),
      title: `rlbound lab: ${options.preset.task.name}, seed ${seed}`,
      bootstrap: { seed },
    });
    reportFiles.push(files.html);
  }
  const wallSeconds = (Date.now() - started) / 1000;
  const averaged = runs.length === 1 ? { ...runs[0], wall_s: wallSeconds } : averageSummaries(runs, wallSeconds);
  // CPU seconds of this process ≈ the wall time on an idle machine (everything runs on one thread).
  const usage = process.cpuUsage();
  const cpuSeconds = (usage.user + usage.system) / 1e6;
  const heap = labHeapMib();
  const summary = {
    ...averaged,
    details: { ...(averaged.details ?? {}), findings: checkFindings(averaged), cpu_s: cpuSeconds, ...(heap === null ? {} : { wasm_heap_mib: heap }) },
  };
  const summaryFile = path.join(options.outDir, 'summary.json');
  writeFileSync(summaryFile, JSON.stringify(summary, null, 2) + '\n');
  options.onEvent?.({ seed: options.seeds[0], phase: 'done', message: `wrote ${summaryFile} in ${wallSeconds.toFixed(0)} s` });
  return { summary, summaryFile, reportFiles, wallSeconds };
}

async function runOneSeed(options: LabDemoOptions, seed: number, suffix: string, studyFile: string): Promise<EvaluatedModel[]> {
  const { preset, onEvent } = options;
  const emit = (phase: LabEvent['phase'], message: string, done?: number, total?: number): void => onEvent?.({ seed, phase, message, done, total });
  const task = getTask(preset.task.name, preset.task.difficulty);
  const tokenizer = taskTokenizer();
  const testProblems = task.problems('test', preset.evalProblems, 1);
  const trainProblems = task.problems('train', preset.trainProblems, 1);
  const checkpointsDir = path.join(options.outDir, 'checkpoints');

  let base: GptModel;
  let baseTraining: JsonObject = {};
  if (options.baseCheckpoint !== null) {
    const loaded = loadTaskCheckpoint(options.baseCheckpoint, preset, '--base');
    base = loaded.model;
    baseTraining = { loadedFrom: options.baseCheckpoint };
    emit('pretrain', `loaded the base model from ${options.baseCheckpoint}`);
  } else {
    const scratch = path.join(checkpointsDir, `base${suffix}`);
    const r = pretrainBase({ preset, seed, outDir: scratch, onStep: (p) => emit('pretrain', `pretraining, loss ${p.loss.toFixed(3)}`, p.step, p.steps) });
    base = r.model;
    baseTraining = { finalLoss: r.finalLoss, seconds: r.seconds };
  }

  const store = await openStudy(studyFile);
  try {
    const ctx: EvaluationContext = {
      store,
      benchmarkId: await putLabBenchmark(store, task, testProblems, 'heldout'),
      task,
      tokenizer,
      problems: testProblems,
      settings: EvalSettingsSchema.parse({ ...preset.eval, seed: 1000 + seed }),
      base,
      baseModelId: null,
      checkpointsDir,
      checkpointSuffix: suffix,
    };
    const evaluate = async (model: GptModel, info: Parameters<typeof evaluateCheckpoint>[2]): Promise<EvaluatedModel> => {
      ctx.onProgress = (done, total) => emit('eval', `evaluating ${info.name}`, done, total);
      return evaluateCheckpoint(ctx, model, info);
    };
    const baseName = 'base';
    const baseDir = path.join(checkpointsDir, baseName + suffix);
    const evaluated: EvaluatedModel[] = [
      await evaluate(base, {
        name: baseName,
        kind: 'base',
        algorithm: null,
        step: null,
        parent: null,
        lineage: { kind: 'base', parent: null, seed },
        training: baseTraining,
      }),
    ];

    for (const algorithm of options.algorithms) {
      const snapshots: { step: number; model: GptModel }[] = [];
      const wanted = algorithm === 'grpo' ? new Set(preset.rlCheckpoints) : new Set<number>();
      const policy = cloneModel(base);
      const history: RlStepMetrics[] = [];
      const rl = trainRl({
        policy,
        tokenizer,
        task,
        trainProblems,
        config: { ...preset.rl, algorithm, seed, checkpointSteps: [...wanted] },
        onStep: (m) => {
          history.push(m);
          emit('rl', `${algorithm}: reward ${m.meanReward.toFixed(3)}`, m.step, m.steps);
        },
        onCheckpoint: (step, p) => snapshots.push({ step, model: cloneModel(p) }),
      });
      // Models hold wasm heap memory the garbage collector cannot reclaim: drop each explicitly.
      policy.dispose();
      for (const snap of snapshots) {
        const name = `${algorithm}-step${snap.step}`;
        const upTo = history.filter((m) => m.step <= snap.step);
        evaluated.push(
          await evaluate(snap.model, {
            name,
            kind: 'rl',
            algorithm,
            step: snap.step,
            parent: baseName,
            lineage: { kind: 'rl', parent: baseDir, algorithm, step: snap.step, seed },
            training: {
              config: JSON.parse(JSON.stringify(rl.config)),
              samplesGenerated: upTo.at(-1)?.samplesGenerated ?? 0,
              rewardByStep: upTo.map((m) => Number(m.meanReward.toFixed(4))),
            },
          }),
        );
        snap.model.dispose();
      }
    }

    const plan = options.distill;
    const arms: ('teacher' | 'control')[] = plan.mode === 'none' ? [] : plan.control ? ['teacher', 'control'] : ['teacher'];
    for (const format of arms) {
      const name = format === 'teacher' ? 'distill' : 'sft-control';
      let model: GptModel;
      let training: JsonObject;
      if (plan.mode === 'checkpoint') {
        const dir = format === 'teacher' ? plan.teacher : (plan.control as string);
        const loaded = loadTaskCheckpoint(dir, preset, '--distill');
        model = loaded.model;
        training = { loadedFrom: dir, ...(loaded.config.training as JsonObject | undefined) };
        emit('distill', `loaded ${name} from ${dir}`);
      } else {
        const d = distill({
          base,
          task,
          tokenizer,
          recipe: preset.distill,
          format,
          seed,
          onStep: (p) => emit('distill', `${name}: loss ${p.loss.toFixed(3)}`, p.step, p.steps),
        });
        model = d.model;
        training = { task: preset.task, recipe: JSON.parse(JSON.stringify(preset.distill)), format, finalLoss: d.finalLoss };
      }
      evaluated.push(
        await evaluate(model, {
          name,
          kind: 'distill',
          algorithm: null,
          step: null,
          parent: baseName,
          lineage: {
            kind: 'distilled',
            parent: baseDir,
            seed,
            description: format === 'teacher' ? 'SFT on step-by-step teacher traces' : 'SFT control: teacher solutions in the base format',
          },
          training,
        }),
      );
      model.dispose();
    }
    return evaluated;
  } finally {
    await store.close();
    base.dispose();
  }
}
