import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../../errors.js';
import { readJsonFile } from '../../../json-file.js';
import { reportStudy } from '../../../report/index.js';
import { openStudy } from '../../../study/index.js';
import { ParallelSampler, type GptModel } from '../../model/index.js';
import { planArm, type FollowupArm } from '../../rl/followups/interventions.js';
import { cloneModel } from '../../rl/models.js';
import { trainRl, RlConfigSchema } from '../../rl/index.js';
import { getTask } from '../../tasks/registry.js';
import { TaskRandom } from '../../tasks/random.js';
import type { TaskFamily, TaskProblem } from '../../tasks/task.js';
import { EvalSettingsSchema, type EvalSettings } from '../evaluate.js';
import { evaluateCheckpoint, type CheckpointInfo, type EvaluationContext } from '../model-evaluation.js';
import type { LabPreset } from '../presets.js';
import { putLabBenchmark } from '../study-record.js';
import type { EvaluatedModel } from '../summary.js';
import { loadTaskCheckpoint } from '../task-guard.js';
import { readArmRecord, writeArmRecord, type ArmTraining } from './arm-record.js';
import { edgeTask } from './edge-task.js';
import { buildFollowupsJson, type SeedResults } from './followups-json.js';
import { baseSolveRates } from './solve-rates.js';
import { z } from 'zod';

export interface FollowupsEvent {
  seed: number | null;
  message: string;
  done?: number;
  total?: number;
}

export interface FollowupsOptions {
  preset: LabPreset;
  /** Arms to run; `grpo` (the control) is always added. */
  arms: readonly FollowupArm[];
  seeds: readonly number[];
  outDir: string;
  /** The base checkpoint every arm starts from (the preset's shipped base by default). */
  baseCheckpoint: string;
  onEvent?: (e: FollowupsEvent) => void;
}

export interface FollowupsResult {
  followups: Record<string, unknown>;
  followupsFile: string;
  reportFile: string;
  studyFile: string;
  wallSeconds: number;
}

/** The base's large probe: this many times the evaluation n (1,024 for the paper's 256). */
const PROBE_FACTOR = 4;

const PlanFileSchema = z.object({ preset: z.string(), task: z.string(), difficulty: z.string(), n: z.number().int(), base: z.string() });

/** A resumed run must be the same experiment: same preset, task, n and base. */
function checkPlan(outDir: string, plan: z.infer<typeof PlanFileSchema>): void {
  const file = path.join(outDir, 'followups-plan.json');
  if (existsSync(file)) {
    const old = readJsonFile(file, PlanFileSchema, { missing: 'no plan', invalid: 'not a followups plan' });
    for (const key of ['preset', 'task', 'difficulty', 'n', 'base'] as const) {
      if (old[key] !== plan[key])
        throw new InputError(
          `${outDir} holds a followups run with ${key} ${String(old[key])}, not ${String(plan[key])}; pass another --out to start a new one`,
          { field: '--out' },
        );
    }
    return;
  }
  writeFileSync(file, JSON.stringify(plan, null, 2) + '\n');
}

/**
 * `rlbound lab followups`: the base, plain GRPO and every follow-up intervention from the same base,
 * with the same rollout budget, over several seeds; every model evaluated through the study store
 * (one study, one report), then `followups.json`. Resumable: each finished (model, seed) leaves a
 * record and its checkpoint, so a killed run picks up at the model it was on (a model killed after
 * training but before its record is evaluated again from its saved checkpoint; stored samples are
 * never replaced, and a rerun reproduces them bit for bit).
 */
export async function runFollowups(options: FollowupsOptions): Promise<FollowupsResult> {
  const started = Date.now();
  const cpuStart = process.cpuUsage();
  if (options.seeds.length === 0) throw new InputError('at least one seed is needed', { field: '--seeds' });
  if (!existsSync(options.baseCheckpoint))
    throw new InputError(`base checkpoint ${options.baseCheckpoint} does not exist (run \`rlbound lab pretrain\`)`, { field: '--base' });
  const { preset, outDir } = options;
  const arms: FollowupArm[] = ['grpo', ...options.arms.filter((a) => a !== 'grpo')];
  const emit = (seed: number | null, message: string, done?: number, total?: number): void => options.onEvent?.({ seed, message, done, total });
  const settings = EvalSettingsSchema.parse(preset.eval);
  mkdirSync(path.join(outDir, 'records'), { recursive: true });
  checkPlan(outDir, {
    preset: preset.name,
    task: preset.task.name,
    difficulty: preset.task.difficulty,
    n: settings.n,
    base: path.resolve(options.baseCheckpoint),
  });

  const task = getTask(preset.task.name, preset.task.difficulty);
  const rl = RlConfigSchema.parse(preset.rl);
  const testProblems = task.problems('test', preset.evalProblems, 1);
  const trainProblems = task.problems('train', preset.trainProblems, 1);
  const withEdge = arms.includes('edge');
  const edge = withEdge ? edgeTask() : null;
  const base = loadTaskCheckpoint(options.baseCheckpoint, preset, '--base');
  const baseSampler = new ParallelSampler(base.model);
  const studyFile = path.join(outDir, 'study.sqlite');
  const store = await openStudy(studyFile);
  const seeds: SeedResults[] = [];
  let probe: EvaluatedModel;
  let edgeProbe: EvaluatedModel | null = null;
  let solveRateSamples = 0;
  try {
    const heldout = await putLabBenchmark(store, task, testProblems, 'heldout');
    const edgeBench = edge ? await putLabBenchmark(store, edge, edge.problems('test', preset.evalProblems, 1), 'edge-heldout') : null;
    const context = (t: TaskFamily, benchmarkId: number, problems: readonly TaskProblem[], s: EvalSettings): EvaluationContext => ({
      store,
      benchmarkId,
      task: t,
      tokenizer: base.tokenizer,
      problems,
      settings: s,
      base: base.model,
      baseModelId: null,
      checkpointsDir: path.join(outDir, 'checkpoints'),
    });
    const recorded = (name: string): string => path.join(outDir, 'records', `${name}.json`);
    /** Evaluates a model unless its record exists (then a base only needs its store id, as the scorer). */
    const evaluateOnce = async (
      ctx: EvaluationContext,
      model: () => GptModel,
      info: CheckpointInfo,
      sampler: () => Pick<ParallelSampler, 'sample'>,
      training: ArmTraining | null,
      seed: number | null,
    ): Promise<EvaluatedModel> => {
      const file = recorded(info.name);
      const done = readArmRecord(file);
      if (done) {
        if (info.kind === 'base') ctx.baseModelId = (await store.getModel(`lab:${info.name}`))?.id ?? null;
        return done.evaluated;
      }
      ctx.onProgress = (d, t) => emit(seed, `evaluating ${info.name}`, d, t);
      ctx.samplerOf = () => sampler();
      const evaluated = await evaluateCheckpoint(ctx, model(), info);
      writeArmRecord(file, evaluated, training);
      return evaluated;
    };
    const baseInfo = (name: string, seed: number | null): CheckpointInfo => ({
      name,
      kind: 'base',
      algorithm: null,
      step: null,
      parent: null,
      lineage: { kind: 'base', parent: null, ...(seed === null ? {} : { seed }) },
    });

    // The base's large probe: which held-out problems it provably cannot solve (0 of 4n samples).
    const probeSettings = (s: EvalSettings): EvalSettings => ({
      ...s,
      n: s.n * PROBE_FACTOR,
      seed: 999,
      problemsPerCall: Math.max(1, Math.floor(s.problemsPerCall / PROBE_FACTOR)),
    });
    probe = await evaluateOnce(
      context(task, heldout, testProblems, probeSettings(settings)),
      () => base.model,
      baseInfo('base-probe', null),
      () => baseSampler,
      null,
      null,
    );
    if (edge && edgeBench !== null) {
      edgeProbe = await evaluateOnce(
        context(edge, edgeBench, edge.problems('test', preset.evalProblems, 1), probeSettings(settings)),
        () => base.model,
        baseInfo('base-probe-edgeset', null),
        () => baseSampler,
        null,
        null,
      );
    }

    // The base's solve rate on each training problem (ProRL's curriculum and SELF's selection use it).
    let solveRate = new Map<string, number>();
    if (arms.includes('prorl') || arms.includes('self')) {
      const r = baseSolveRates({
        file: path.join(outDir, 'train-solve-rates.json'),
        sampler: baseSampler,
        tokenizer: base.tokenizer,
        task,
        problems: trainProblems,
        perProblem: rl.groupSize,
        temperature: rl.temperature,
        maxTokens: rl.maxResponseTokens,
        onProgress: (d, t) => emit(null, 'base solve rates on the training problems', d, t),
      });
      solveRate = r.rates;
      solveRateSamples = trainProblems.length * rl.groupSize;
    }
    const edgeTrain = edge ? edge.problems('train', preset.trainProblems, 1) : [];

    const trainArm = (arm: FollowupArm, seed: number, policy: GptModel, sampler: ParallelSampler): ArmTraining => {
      const t0 = Date.now();
      const cpu0 = process.cpuUsage();
      const plan = planArm(arm, {
        steps: rl.steps,
        promptsPerStep: rl.promptsPerStep,
        groupSize: rl.groupSize,
        trainProblems,
        solveRate,
        edgeTrainProblems: edgeTrain,
        rng: new TaskRandom(seed * 7919 + 17),
        seed,
      });
      const history: ArmTraining['history'] = [];
      const r = trainRl({
        policy,
        tokenizer: base.tokenizer,
        task: plan.edge && edge ? edge : task,
        trainProblems: plan.trainProblems,
        config: { ...preset.rl, ...plan.config, seed },
        hooks: plan.hooks,
        sampler,
        onStep: (m) => {
          history.push({ step: m.step, reward: m.meanReward, entropy: m.entropy });
          emit(seed, `${arm}: reward ${m.meanReward.toFixed(3)}`, m.step, m.steps);
        },
      });
      const updates = r.config.miniBatches * r.config.epochs;
      return {
        arm,
        settings: plan.settings,
        samples_generated: r.samplesGenerated,
        optimizer_steps: r.config.steps * updates,
        samples_per_optimizer_step: (r.config.promptsPerStep * r.config.groupSize) / updates,
        seconds: (Date.now() - t0) / 1000,
        cpu_s: cpuSecondsSince(cpu0),
        history,
      };
    };

    for (const seed of options.seeds) {
      const s = EvalSettingsSchema.parse({ ...preset.eval, seed: 1000 + seed });
      const ctx = context(task, heldout, testProblems, s);
      const baseName = `base-s${seed}`;
      const baseEval = await evaluateOnce(
        ctx,
        () => base.model,
        baseInfo(baseName, seed),
        () => baseSampler,
        null,
        seed,
      );
      const edgeCtx = edge && edgeBench !== null ? context(edge, edgeBench, edge.problems('test', preset.evalProblems, 1), s) : null;
      const edgeBase = edgeCtx
        ? await evaluateOnce(
            edgeCtx,
            () => base.model,
            baseInfo(`${baseName}-edgeset`, seed),
            () => baseSampler,
            null,
            seed,
          )
        : null;
      const results: SeedResults = { seed, base: baseEval, arms: [], edge: edgeBase ? { base: edgeBase, models: [] } : null };
      for (const arm of arms) {
        const name = `${arm}-s${seed}`;
        const record = readArmRecord(recorded(name));
        const wantsEdge = edgeCtx !== null && (arm === 'grpo' || arm === 'edge');
        let policy: GptModel | null = null;
        let sampler: ParallelSampler | null = null;
        let training = record?.training ?? null;
        // The policy is needed only for what is not recorded yet: load its checkpoint if a kill came after training, else train it.
        const needPolicy = (): GptModel => {
          if (policy) return policy;
          const dir = path.join(outDir, 'checkpoints', name);
          const saved = existsSync(path.join(dir, 'config.json')) ? loadTaskCheckpoint(dir, preset, '--out') : null;
          const savedTraining = saved?.config.training?.['followups'];
          if (saved && savedTraining && typeof savedTraining === 'object' && 'arm' in savedTraining) {
            policy = saved.model;
            training = savedTraining as ArmTraining;
          } else {
            saved?.model.dispose();
            policy = cloneModel(base.model);
            sampler = new ParallelSampler(policy);
            training = trainArm(arm, seed, policy, sampler);
          }
          return policy;
        };
        const needSampler = (): ParallelSampler => (sampler ??= new ParallelSampler(needPolicy()));
        const info = (evalName: string): CheckpointInfo => ({
          name: evalName,
          kind: 'rl',
          algorithm: arm,
          step: rl.steps,
          parent: baseName,
          lineage: { kind: 'rl', parent: options.baseCheckpoint, algorithm: arm, step: rl.steps, seed },
          training: { followups: JSON.parse(JSON.stringify(training)) },
        });
        try {
          // Train (or load) before evaluating, so the saved checkpoint carries the training record.
          const evaluated: EvaluatedModel = record
            ? record.evaluated
            : (needPolicy(), await evaluateOnce(ctx, needPolicy, info(name), needSampler, training, seed));
          results.arms.push({ arm, evaluated, training: training as unknown as ArmTraining });
          if (wantsEdge && edgeCtx && results.edge) {
            results.edge.models.push({ arm, evaluated: await evaluateOnce(edgeCtx, needPolicy, info(`${name}-edgeset`), needSampler, null, seed) });
          }
        } finally {
          await (sampler as ParallelSampler | null)?.close();
          (policy as GptModel | null)?.dispose();
        }
      }
      seeds.push(results);
    }
  } finally {
    await baseSampler.close();
    await store.close();
    base.model.dispose();
  }
  const wallSeconds = (Date.now() - started) / 1000;
  const followups = buildFollowupsJson({
    preset: preset.name,
    task: preset.task.name,
    n: settings.n,
    seeds,
    probe: probe.outcomes,
    edgeProbe: edgeProbe?.outcomes ?? null,
    compute: {
      rule: 'every arm draws steps × prompts per step × rollouts per prompt samples, and optimizer steps × samples per optimizer step is the same product',
      rl_steps: rl.steps,
      samples_per_step: rl.promptsPerStep * rl.groupSize,
      samples_per_arm: rl.steps * rl.promptsPerStep * rl.groupSize,
      base_solve_rate_samples: solveRateSamples,
    },
    wallSeconds,
    cpuSeconds: cpuSecondsSince(cpuStart),
  });
  const followupsFile = path.join(outDir, 'followups.json');
  writeFileSync(followupsFile, JSON.stringify(followups, null, 2) + '\n');
  emit(null, 'writing the HTML report');
  const files = await reportStudy({
    study: studyFile,
    out: outDir,
    title: `rlbound lab followups: ${preset.name}, ${preset.task.name}`,
    bootstrap: { seed: 0 },
  });
  return { followups, followupsFile, reportFile: files.html, studyFile, wallSeconds };
}

/** CPU seconds of this process (both threads: the sampling worker counts) since `from`. */
function cpuSecondsSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
}
