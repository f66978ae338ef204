import { deriveSeed, samplerFor, type CharTokenizer, type GptModel, type Sampler } from '../model/index.js';
import { TaskRandom } from '../tasks/random.js';
import type { TaskFamily, TaskProblem } from '../tasks/task.js';
import { AdamW, trainStep } from '../train/index.js';
import { dapoKeptGroups } from './advantage/dapo.js';
import { aggregationWeights, type LossAggregation } from './aggregate.js';
import { algorithmSpec, type AlgorithmSpec } from './algorithms.js';
import { RlConfigSchema, type RlConfig, type RlConfigInput } from './config.js';
import { klGradient, klValue, type KlEstimator } from './kl.js';
import { cloneModel } from './models.js';
import { policyLoss } from './policy-loss.js';
import { PromptCycler } from './prompt-cycler.js';
import { generateRollouts, type Rollout } from './rollout.js';
import { buildStepBatch, type StepBatch } from './step-batch.js';
import { ResponseView } from './token-view.js';
import { valueLoss } from './value-loss.js';
import type { RlHooks } from './followups/hooks.js';
import { broadcastToTokens, type TokenRows } from './tokens.js';

export interface RlStepMetrics {
  step: number;
  steps: number;
  /** Mean verifier reward over the step's first generation round. */
  meanReward: number;
  /** Groups used for the update (DAPO may keep fewer than the prompt batch). */
  groups: number;
  generationRounds: number;
  /** Samples generated so far in the run (DAPO's regeneration and ReMax's greedy decodes included). */
  samplesGenerated: number;
  meanResponseLength: number;
  /** Mean policy entropy over response tokens (first update of the step). */
  entropy: number;
  /** Fraction of tokens where the PPO clip was active, averaged over the step's updates. */
  clipFraction: number;
  loss: number;
  gradNorm: number;
}

export interface RlRunInput {
  /** Trained in place. */
  policy: GptModel;
  tokenizer: CharTokenizer;
  task: TaskFamily;
  trainProblems: readonly TaskProblem[];
  config: RlConfigInput;
  onStep?: (m: RlStepMetrics) => void;
  /** Called after every step listed in `config.checkpointSteps` and after the last step. */
  onCheckpoint?: (step: number, policy: GptModel) => void;
  /** The follow-up interventions' entry points (none = the algorithm as the paper ran it). */
  hooks?: RlHooks;
  /** Rollout sampler bound to `policy` (e.g. a ParallelSampler using both cores); default its own Sampler. */
  sampler?: Pick<Sampler, 'sample'>;
}

export interface RlRunResult {
  config: RlConfig;
  history: RlStepMetrics[];
  samplesGenerated: number;
}

interface Prepared {
  rollouts: Rollout[];
  ids: number[][];
  promptLengths: number[];
  step: StepBatch;
  oldLogp: TokenRows | null;
  refLogp: TokenRows | null;
  oldValues: TokenRows | null;
}

/**
 * The shared RLVR loop (rlvr-algorithms.md §1): roll out, verify, compute the algorithm's
 * advantages on the whole batch, then `miniBatches × epochs` clipped-policy-gradient updates
 * (plus critic updates for PPO). With one mini-batch and one epoch, ℓ_old := stop_grad(ℓ), so
 * ρ ≡ 1 exactly — the paper's fully on-policy setting.
 */
export function trainRl(input: RlRunInput): RlRunResult {
  const cfg = RlConfigSchema.parse(input.config);
  const hooks = input.hooks ?? {};
  const spec: AlgorithmSpec = { ...algorithmSpec(cfg.algorithm), ...(hooks.clip ? { clip: hooks.clip } : {}) };
  const aggregation = (cfg.aggregation ?? spec.aggregation) as LossAggregation;
  const { policy, tokenizer, task } = input;
  const sampler = input.sampler ?? samplerFor(policy);
  let optimizer = new AdamW(policy, { beta1: 0.9, beta2: 0.999, weightDecay: cfg.weightDecay });
  const reference = cfg.kl.placement === 'off' ? null : cloneModel(policy);
  const critic = spec.critic ? cloneModel(policy, { valueHead: true }) : null;
  const criticOptimizer = critic ? new AdamW(critic, { beta1: 0.9, beta2: 0.999, weightDecay: cfg.weightDecay }) : null;
  const prompts = new PromptCycler(input.trainProblems, new TaskRandom(deriveSeed(cfg.seed, 1)));
  const checkpoints = new Set([...cfg.checkpointSteps, cfg.steps]);
  const history: RlStepMetrics[] = [];
  let samplesGenerated = 0;

  try {
    for (let step = 1; step <= cfg.steps; step++) {
      // 1. Generate (DAPO: keep only mixed groups, regenerating with fresh prompts until full).
      const kept: Rollout[][] = [];
      let rounds = 0;
      let meanReward = 0;
      while (kept.length < cfg.promptsPerStep && rounds < (spec.dynamicSampling ? cfg.maxGenerationRounds : 1)) {
        const problems = hooks.prompts?.(step, cfg.promptsPerStep) ?? prompts.take(cfg.promptsPerStep);
        const groups = generateRollouts(sampler, task, tokenizer, problems, cfg.groupSize, {
          temperature: cfg.temperature,
          maxTokens: cfg.maxResponseTokens,
          seed: deriveSeed(cfg.seed, step * 1000 + rounds),
        });
        samplesGenerated += cfg.promptsPerStep * cfg.groupSize;
        if (rounds === 0) meanReward = mean(groups.flat().map((r) => r.correct));
        rounds++;
        if (!spec.dynamicSampling) kept.push(...groups);
        else {
          const flat = groups.flat();
          const keep = new Set(
            dapoKeptGroups(
              flat.map((r) => r.correct),
              flat.map((_, i) => String(Math.floor(i / cfg.groupSize))),
            ),
          );
          groups.forEach((g, i) => keep.has(String(i)) && kept.push(g));
        }
      }
      const groups = kept.slice(0, cfg.promptsPerStep);
      const metrics: RlStepMetrics = {
        step,
        steps: cfg.steps,
        meanReward,
        groups: groups.length,
        generationRounds: rounds,
        samplesGenerated,
        meanResponseLength: 0,
        entropy: 0,
        clipFraction: 0,
        loss: 0,
        gradNorm: 0,
      };
      if (groups.length > 0) {
        // 2. ReMax baseline: one greedy decode per prompt.
        let greedy: number[] | undefined;
        if (spec.greedyBaseline) {
          const g = generateRollouts(
            sampler,
            task,
            tokenizer,
            groups.map((grp) => grp[0].problem),
            1,
            { temperature: 0, maxTokens: cfg.maxResponseTokens, seed: 0 },
          );
          samplesGenerated += g.length;
          metrics.samplesGenerated = samplesGenerated;
          greedy = groups.flatMap((grp, i) => grp.map(() => g[i][0].correct));
        }
        const prepared = prepare(groups, greedy, cfg, spec, policy, reference, critic);
        if (hooks.advantages) {
          const scalars = hooks.advantages(
            prepared.rollouts.map((r) => r.correct),
            prepared.rollouts.map((_, i) => String(Math.floor(i / cfg.groupSize))),
            step,
          );
          prepared.step.advantages = broadcastToTokens(scalars, prepared.step.mask);
          prepared.step.returns = prepared.step.advantages;
        }
        metrics.meanResponseLength = mean(prepared.rollouts.map((r) => r.response.length));
        Object.assign(metrics, update(prepared, cfg, spec, aggregation, policy, optimizer, critic, criticOptimizer, hooks, step));
      }
      // ProRL: the KL anchor moves to the current policy and AdamW starts afresh.
      const every = hooks.referenceResetEvery ?? 0;
      if (reference && every > 0 && step % every === 0 && step < cfg.steps) {
        reference.params.set(policy.params);
        optimizer.dispose();
        optimizer = new AdamW(policy, { beta1: 0.9, beta2: 0.999, weightDecay: cfg.weightDecay });
      }
      history.push(metrics);
      input.onStep?.(metrics);
      if (checkpoints.has(step)) input.onCheckpoint?.(step, policy);
    }
  } finally {
    // The run's own models and optimizer state go back to the heap; the policy is the caller's.
    for (const opt of [optimizer, criticOptimizer]) opt?.dispose();
    for (const model of [reference, critic]) model?.dispose();
  }
  return { config: cfg, history, samplesGenerated };
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Old/ref log-probs and critic values over the whole batch, then the algorithm's advantages. */
function prepare(
  groups: Rollout[][],
  greedy: number[] | undefined,
  cfg: RlConfig,
  spec: AlgorithmSpec,
  policy: GptModel,
  reference: GptModel | null,
  critic: GptModel | null,
): Prepared {
  const rollouts = groups.flat();
  const ids = rollouts.map((r) => [...r.prompt, ...r.response]);
  const promptLengths = rollouts.map((r) => r.prompt.length);
  const lengths = rollouts.map((r) => r.response.length);
  const width = Math.max(1, ...lengths);
  const mask = lengths.map((l) => Array.from({ length: width }, (_, j) => (j < l ? 1 : 0)));
  const gatherFrom = (model: GptModel, what: 'logp' | 'values'): TokenRows => {
    const batch = model.pack(ids);
    const out = model.forward(batch);
    return new ResponseView(batch, promptLengths, width).gather(out[what], mask);
  };
  const singleUpdate = cfg.miniBatches * cfg.epochs === 1;
  const needOld = !singleUpdate || cfg.kl.placement === 'reward';
  const oldLogp = needOld ? gatherFrom(policy, 'logp') : null;
  const refLogp = reference ? gatherFrom(reference, 'logp') : null;
  const oldValues = critic ? gatherFrom(critic, 'values') : null;
  const uids = rollouts.map((_, i) => String(Math.floor(i / cfg.groupSize)));
  const step = buildStepBatch(
    rollouts.map((r, i) => ({ uid: uids[i], response: r.response, correct: r.correct })),
    {
      spec,
      maxResponseTokens: cfg.maxResponseTokens,
      values: oldValues ?? undefined,
      greedyBaselines: greedy,
      klInReward:
        cfg.kl.placement === 'reward' && oldLogp && refLogp ? { oldLogp, refLogp, coef: cfg.kl.coef, estimator: cfg.kl.estimator as KlEstimator } : undefined,
    },
  );
  return { rollouts, ids, promptLengths, step, oldLogp, refLogp, oldValues };
}

/** Mini-batches of whole groups, in order. */
function miniBatchIndices(total: number, groupSize: number, miniBatches: number): number[][] {
  const groupCount = Math.ceil(total / groupSize);
  const per = Math.ceil(groupCount / miniBatches);
  const out: number[][] = [];
  for (let g0 = 0; g0 < groupCount; g0 += per) {
    const idx: number[] = [];
    for (let i = g0 * groupSize; i < Math.min(total, (g0 + per) * groupSize); i++) idx.push(i);
    out.push(idx);
  }
  return out;
}

function update(
  p: Prepared,
  cfg: RlConfig,
  spec: AlgorithmSpec,
  aggregation: LossAggregation,
  policy: GptModel,
  optimizer: AdamW,
  critic: GptModel | null,
  criticOptimizer: AdamW | null,
  hooks: RlHooks,
  step: number,
): Pick<RlStepMetrics, 'entropy' | 'clipFraction' | 'loss' | 'gradNorm'> {
  const pick = <T>(rows: T[] | null, idx: number[]): T[] | null => (rows === null ? null : idx.map((i) => rows[i]));
  let first: Pick<RlStepMetrics, 'entropy' | 'clipFraction' | 'loss' | 'gradNorm'> | null = null;
  const clipFractions: number[] = [];
  const klEstimator = cfg.kl.estimator as KlEstimator;
  let updateIndex = 0;
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    for (const idx of miniBatchIndices(p.rollouts.length, cfg.groupSize, cfg.miniBatches)) {
      const mask = idx.map((i) => p.step.mask[i]);
      const advantages = idx.map((i) => p.step.advantages[i]);
      const oldLogp = pick(p.oldLogp, idx);
      const refLogp = pick(p.refLogp, idx);
      const promptLengths = idx.map((i) => p.promptLengths[i]);
      const batch = policy.pack(idx.map((i) => p.ids[i]));
      const view = new ResponseView(batch, promptLengths, mask[0].length);
      const weights = aggregationWeights(mask, aggregation);
      let entropy = 0;
      let clipFraction = 0;
      const result = trainStep(
        policy,
        optimizer,
        [batch],
        (out) => {
          const logp = view.gather(out.logp, mask);
          const pl = policyLoss({ advantages, logp, oldLogp: oldLogp ?? logp, mask, clip: spec.clip, aggregation });
          const dLogp = policy.tokenBuffer(batch);
          let loss = pl.loss;
          const adjust = hooks.tokenAdjust?.({ step, update: updateIndex, logp, oldLogp: oldLogp ?? logp, advantages, mask });
          if (adjust?.keep) pl.logpGradient.forEach((row, i) => row.forEach((g, t) => (row[t] = g * adjust.keep![i][t])));
          if (adjust?.penalty) {
            const { value, gradient } = adjust.penalty;
            loss += weightedSum(value, weights);
            pl.logpGradient.forEach((row, i) => row.forEach((g, t) => (row[t] = g + weights[i][t] * gradient[i][t])));
          }
          view.scatterAdd(pl.logpGradient, dLogp);
          const ent = view.gather(out.entropy, mask);
          entropy = weightedSum(ent, mask) / Math.max(1, weightedSum(mask, mask));
          clipFraction = pl.clipFraction;
          let dEntropy = null;
          if (cfg.entropyCoef > 0) {
            loss -= cfg.entropyCoef * weightedSum(ent, weights);
            dEntropy = policy.tokenBuffer(batch);
            view.scatterAdd(
              weights.map((row) => row.map((w) => -cfg.entropyCoef * w)),
              dEntropy,
            );
          }
          if (cfg.kl.placement === 'loss' && refLogp) {
            const kl = logp.map((row, i) => row.map((l, t) => (mask[i][t] > 0 ? klValue(klEstimator, l, refLogp[i][t]) : 0)));
            loss += cfg.kl.coef * weightedSum(kl, weights);
            view.scatterAdd(
              logp.map((row, i) => row.map((l, t) => (mask[i][t] > 0 ? cfg.kl.coef * weights[i][t] * klGradient(klEstimator, l, refLogp[i][t]) : 0))),
              dLogp,
            );
          }
          return { loss, dLogp, dEntropy };
        },
        { lr: cfg.learningRate, maxGradNorm: cfg.gradClip },
      );
      first ??= { entropy, clipFraction, loss: result.loss, gradNorm: result.gradNorm };
      updateIndex++;
      clipFractions.push(clipFraction);
      if (critic && criticOptimizer && p.oldValues) {
        const oldValues = idx.map((i) => p.oldValues![i]);
        const returns = idx.map((i) => p.step.returns[i]);
        trainStep(
          critic,
          criticOptimizer,
          [batch],
          (out) => {
            const values = view.gather(out.values, mask);
            const vl = valueLoss(values, oldValues, returns, mask, 0.5, aggregation);
            const dValues = critic.tokenBuffer(batch);
            view.scatterAdd(vl.valueGradient, dValues);
            return { loss: vl.loss, dLogp: null, dValues };
          },
          { lr: cfg.criticLearningRate, maxGradNorm: cfg.gradClip },
        );
      }
    }
  }
  // Entropy, loss and gradient norm describe the step's first update; the clip fraction averages
  // over all of them (the first on-policy update can never clip).
  return first ? { ...first, clipFraction: mean(clipFractions) } : { entropy: 0, clipFraction: 0, loss: 0, gradNorm: 0 };
}

function weightedSum(values: TokenRows, weights: TokenRows): number {
  let s = 0;
  values.forEach((row, i) => row.forEach((v, t) => (s += v * weights[i][t])));
  return s;
}
