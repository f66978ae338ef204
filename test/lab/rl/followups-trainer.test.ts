// The follow-up interventions inside the shared trainer, on the toy "say 7" task of trainer.test.ts.
import { describe, expect, it } from 'vitest';
import { taskTokenizer } from '../../../src/lab/experiment/tokenizer.js';
import { createModel } from '../../../src/lab/model/index.js';
import { trainRl, type RlConfigInput, type RlStepMetrics } from '../../../src/lab/rl/index.js';
import type { RlHooks } from '../../../src/lab/rl/followups/hooks.js';
import { planArm, FOLLOWUP_ARMS, type ArmContext } from '../../../src/lab/rl/followups/interventions.js';
import type { TaskProblem } from '../../../src/lab/tasks/index.js';
import { seven, sevenProblems } from './toy-task.js';
import { TaskRandom } from '../../../src/lab/tasks/random.js';

const problems = sevenProblems;
const tokenizer = taskTokenizer();
const base = { steps: 25, promptsPerStep: 4, groupSize: 16, learningRate: 1e-2, maxResponseTokens: 6, seed: 1 };

function run(config: Partial<RlConfigInput>, hooks: RlHooks, trainProblems: readonly TaskProblem[] = problems): { history: RlStepMetrics[]; moved: number } {
  const policy = createModel({ layers: 1, dModel: 16, heads: 2, context: 16, vocab: tokenizer.vocabSize }, { seed: 3 });
  const before = Float64Array.from(policy.params);
  const { history } = trainRl({ policy, tokenizer, task: seven, trainProblems, config: { ...base, ...config }, hooks });
  let moved = 0;
  policy.params.forEach((p, i) => (moved = Math.max(moved, Math.abs(p - before[i]))));
  policy.dispose();
  return { history, moved };
}
const avg = (h: RlStepMetrics[], from: number, to: number): number => h.slice(from, to).reduce((s, m) => s + m.meanReward, 0) / (to - from);

const ctx: ArmContext = {
  steps: base.steps,
  promptsPerStep: base.promptsPerStep,
  groupSize: base.groupSize,
  trainProblems: problems,
  solveRate: new Map(problems.map((p, i) => [p.key, i / 10])),
  edgeTrainProblems: problems.slice(0, 2),
  rng: new TaskRandom(5),
  seed: 1,
};

describe('follow-up hooks in the RL trainer', () => {
  it('an advantage hook replaces the estimator: all-zero advantages leave the weights untouched', () => {
    const { moved, history } = run({}, { advantages: (correct) => correct.map(() => 0) });
    expect(history).toHaveLength(base.steps);
    expect(moved).toBe(0);
  });

  it('a prompt hook decides what each step trains on', () => {
    const seen: number[] = [];
    run({ steps: 3 }, { prompts: (step, count) => (seen.push(step, count), problems.slice(0, count)) });
    expect(seen).toEqual([1, 4, 2, 4, 3, 4]);
  });

  it('a token hook that keeps no token also stops all learning', () => {
    const { moved } = run({ steps: 5 }, { tokenAdjust: (u) => ({ keep: u.mask.map((row) => row.map(() => 0)) }) });
    expect(moved).toBe(0);
  });

  it.each(['prorl', 'brorl', 'psr', 'passk', 'clip-cov', 'kl-cov', 'self'] as const)('%s learns the toy task', (arm) => {
    const plan = planArm(arm, { ...ctx, rng: new TaskRandom(5) });
    const { history } = run(plan.config, plan.hooks, plan.trainProblems);
    expect(avg(history, 0, 5)).toBeLessThan(0.05);
    expect(avg(history, 20, 25)).toBeGreaterThan(0.3);
    // Matched compute: every arm draws the same rollouts per step.
    expect(history.at(-1)!.samplesGenerated).toBe(base.steps * base.promptsPerStep * base.groupSize);
  });

  it('NSR and W-REINFORCE keep the entropy up where PSR collapses it (the paper’s diversity argument)', () => {
    const entropyAfter = (arm: 'psr' | 'nsr' | 'w-reinforce'): { first: number; last: number } => {
      const plan = planArm(arm, ctx);
      const { history } = run(plan.config, plan.hooks);
      return { first: history[0].entropy, last: history.at(-1)!.entropy };
    };
    const psr = entropyAfter('psr');
    const nsr = entropyAfter('nsr');
    const weighted = entropyAfter('w-reinforce');
    expect(psr.last).toBeLessThan(psr.first * 0.5);
    // Pushing sampled wrong answers down spreads their mass over the others: entropy stays near its start.
    expect(nsr.last).toBeGreaterThan(nsr.first * 0.95);
    expect(weighted.last).toBeGreaterThan(psr.last);
  });

  it('every arm has a plan; BroRL spends the same samples on 4× the rollouts per prompt', () => {
    for (const arm of FOLLOWUP_ARMS) expect(planArm(arm, ctx).settings).toBeDefined();
    expect(planArm('brorl', ctx).config).toEqual({ promptsPerStep: 1, groupSize: 64 });
    expect(planArm('edge', ctx).trainProblems).toHaveLength(2);
  });
});
