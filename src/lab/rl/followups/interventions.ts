import type { TaskRandom } from '../../tasks/random.js';
import type { TaskProblem } from '../../tasks/task.js';
import type { RlConfigInput } from '../config.js';
import { PromptCycler } from '../prompt-cycler.js';
import { CLIP_COV_DEFAULTS, KL_COV_DEFAULTS, clipCovKeep, klCovPenalty, tokenCovariance } from './covariance-control.js';
import { DifficultyCurriculum } from './curriculum.js';
import { rarelySolved } from './data-selection.js';
import type { RlHooks } from './hooks.js';
import { annealedK, passAtKAdvantageScalars } from './pass-at-k.js';
import { signSplitScalars, type SignSplitMode } from './sign-split.js';

/** The arms of `rlbound lab followups`: plain GRPO (the control) and each follow-up intervention. */
export const FOLLOWUP_ARMS = ['grpo', 'prorl', 'brorl', 'psr', 'nsr', 'w-reinforce', 'passk', 'clip-cov', 'kl-cov', 'self', 'edge'] as const;
export type FollowupArm = (typeof FOLLOWUP_ARMS)[number];

/** Names that stand for several arms (one paper, several variants). */
export const ARM_GROUPS: Record<string, readonly FollowupArm[]> = {
  'sign-split': ['psr', 'nsr', 'w-reinforce'],
  entropy: ['clip-cov', 'kl-cov'],
};

/** The paper and the claim each arm tests (docs/lab.md §8 has the settings and the results). */
export const ARM_CLAIMS: Record<FollowupArm, { paper: string; claim: string }> = {
  grpo: { paper: 'Yue et al. 2025 (the control)', claim: 'RLVR sharpens pass@1 and shrinks pass@k at large k' },
  prorl: {
    paper: 'ProRL, arXiv 2505.24864',
    claim: 'KL control, reference resets and a difficulty curriculum let RL expand the boundary, most where the base is weakest',
  },
  brorl: { paper: 'BroRL, arXiv 2510.01180', claim: 'the same budget spent on many more rollouts per prompt keeps improving where few rollouts plateau' },
  psr: { paper: 'Zhu et al., arXiv 2506.01347', claim: 'positive samples alone raise pass@1 and hurt large k' },
  nsr: { paper: 'Zhu et al., arXiv 2506.01347', claim: 'negative samples alone keep or raise pass@k at every k' },
  'w-reinforce': { paper: 'Zhu et al., arXiv 2506.01347', claim: 'down-weighting positives (λ = 0.1) improves pass@k across k' },
  passk: { paper: 'Pass@k Training arXiv 2508.10751; PKPO arXiv 2505.15201', claim: 'optimising pass@k (k annealed to 1) explores more without losing pass@1' },
  'clip-cov': { paper: 'Cui et al., arXiv 2505.22617', claim: 'cutting the gradient of high-covariance tokens keeps entropy up and improves results' },
  'kl-cov': { paper: 'Cui et al., arXiv 2505.22617', claim: 'a KL penalty on high-covariance tokens keeps entropy up and improves results' },
  self: { paper: 'SELF, arXiv 2510.02230', claim: 'training on rarely solved problems with forward KL counters winner-take-all and raises pass@k' },
  edge: { paper: 'Zhang et al., arXiv 2512.07783', claim: 'RL adds capability at the edge of the base’s competence, not on the bulk' },
};

/** What an arm needs from the experiment besides the preset's RL recipe. */
export interface ArmContext {
  steps: number;
  promptsPerStep: number;
  groupSize: number;
  trainProblems: readonly TaskProblem[];
  /** The base's solve rate per training-problem key (the difficulty probe). */
  solveRate: ReadonlyMap<string, number>;
  /** Training problems of the edge-of-competence task (used by `edge` only). */
  edgeTrainProblems: readonly TaskProblem[];
  rng: TaskRandom;
  seed: number;
}

export interface ArmPlan {
  /** Changes to the preset's RL config (steps × prompts × group stays the same: matched compute). */
  config: Partial<RlConfigInput>;
  hooks: RlHooks;
  trainProblems: readonly TaskProblem[];
  /** The settings that make this arm what it is, as recorded in followups.json. */
  settings: Record<string, string | number | boolean>;
  /** True when the arm trains on the edge task (evaluated on the edge held-out set too). */
  edge: boolean;
}

/** Reverse-KL coefficient for ProRL and forward-KL coefficient for SELF: verl's default β. */
const KL_COEF = 1e-3;

function signSplit(mode: SignSplitMode): RlHooks {
  return { advantages: (correct) => signSplitScalars(correct, mode, 0.1) };
}

/**
 * Every arm's recipe. Compute is matched: each arm draws steps × promptsPerStep × groupSize
 * rollouts (BroRL regroups the same samples per step as 4× the rollouts for ¼ the prompts), and
 * optimizer steps × samples per optimizer step is the same product (Clip-Cov and KL-Cov take two
 * half-batch updates per step, so their penalty and the clip see an off-policy update as in the paper).
 */
export function planArm(arm: FollowupArm, ctx: ArmContext): ArmPlan {
  const plain = { config: {}, hooks: {}, trainProblems: ctx.trainProblems, edge: false };
  switch (arm) {
    case 'grpo':
      return { ...plain, settings: { algorithm: 'grpo' } };
    case 'prorl': {
      const stages = 3;
      const curriculum = new DifficultyCurriculum(ctx.trainProblems, ctx.solveRate, ctx.steps, stages, ctx.rng);
      const resetEvery = Math.max(1, Math.round(ctx.steps / stages));
      return {
        ...plain,
        config: { kl: { placement: 'loss', estimator: 'k3', coef: KL_COEF } },
        hooks: { prompts: (step, count) => curriculum.take(step, count), referenceResetEvery: resetEvery, clip: { clipLow: 0.2, clipHigh: 0.4, dualClip: 3 } },
        settings: { kl: 'k3 in the loss', kl_coef: KL_COEF, reference_reset_every: resetEvery, clip_high: 0.4, curriculum_stages: stages },
      };
    }
    case 'brorl': {
      const factor = Math.min(4, ctx.promptsPerStep);
      const prompts = Math.max(1, Math.floor(ctx.promptsPerStep / factor));
      const group = (ctx.promptsPerStep * ctx.groupSize) / prompts;
      return { ...plain, config: { promptsPerStep: prompts, groupSize: group }, settings: { prompts_per_step: prompts, rollouts_per_prompt: group } };
    }
    case 'psr':
    case 'nsr':
      return { ...plain, hooks: signSplit(arm), settings: { rewards: '±1, no baseline', part: arm } };
    case 'w-reinforce':
      return { ...plain, hooks: signSplit('w-reinforce'), settings: { rewards: '±1, no baseline', positive_weight: 0.1 } };
    case 'passk': {
      const kStart = Math.max(2, Math.floor(ctx.groupSize / 2));
      return {
        ...plain,
        hooks: { advantages: (correct, uids, step) => passAtKAdvantageScalars(correct, uids, annealedK(step, ctx.steps, kStart)) },
        settings: { k_start: kStart, k_end: 1, anneal: 'hold for the first half, then linear to 1' },
      };
    }
    case 'clip-cov':
      return {
        ...plain,
        config: { miniBatches: 2 },
        hooks: {
          tokenAdjust: (u) => ({
            keep: clipCovKeep(tokenCovariance(u.logp, u.advantages, u.mask), u.mask, CLIP_COV_DEFAULTS, ctx.seed * 100_003 + u.step * 17 + u.update).keep,
          }),
        },
        settings: { ratio: CLIP_COV_DEFAULTS.ratio, cov_low: CLIP_COV_DEFAULTS.low, cov_high: CLIP_COV_DEFAULTS.high, mini_batches: 2 },
      };
    case 'kl-cov':
      return {
        ...plain,
        config: { miniBatches: 2 },
        hooks: { tokenAdjust: (u) => ({ penalty: klCovPenalty(tokenCovariance(u.logp, u.advantages, u.mask), u.logp, u.oldLogp, u.mask, KL_COV_DEFAULTS) }) },
        settings: { ratio: KL_COV_DEFAULTS.ratio, coef: KL_COV_DEFAULTS.coef, mini_batches: 2 },
      };
    case 'self': {
      const maxRate = 0.25;
      const chosen = rarelySolved(ctx.trainProblems, ctx.solveRate, maxRate, ctx.promptsPerStep * 4);
      const cycler = new PromptCycler(chosen, ctx.rng);
      return {
        ...plain,
        config: { kl: { placement: 'loss', estimator: 'forward', coef: KL_COEF } },
        hooks: { prompts: (_step, count) => cycler.take(count) },
        trainProblems: chosen,
        settings: {
          max_base_solve_rate: maxRate,
          problems: chosen.length,
          of: ctx.trainProblems.length,
          kl: 'forward KL(ref ‖ π) in the loss',
          kl_coef: KL_COEF,
        },
      };
    }
    case 'edge':
      return { ...plain, trainProblems: ctx.edgeTrainProblems, edge: true, settings: { trains_on: 'the edge-of-competence task' } };
  }
}
