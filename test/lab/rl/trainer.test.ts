import { describe, expect, it } from 'vitest';
import { taskTokenizer } from '../../../src/lab/experiment/tokenizer.js';
import { createModel } from '../../../src/lab/model/index.js';
import { PAPER_ALGORITHMS, trainRl, type RlConfigInput, type RlStepMetrics } from '../../../src/lab/rl/index.js';
import { seven, sevenProblems } from './toy-task.js';

const problems = sevenProblems;
const tokenizer = taskTokenizer();

function run(config: RlConfigInput): RlStepMetrics[] {
  const policy = createModel({ layers: 1, dModel: 16, heads: 2, context: 16, vocab: tokenizer.vocabSize }, { seed: 3 });
  return trainRl({
    policy,
    tokenizer,
    task: seven,
    trainProblems: problems,
    config: { steps: 25, promptsPerStep: 4, groupSize: 16, learningRate: 1e-2, maxResponseTokens: 6, seed: 1, ...config },
  }).history;
}
const avg = (h: RlStepMetrics[], from: number, to: number): number => h.slice(from, to).reduce((s, m) => s + m.meanReward, 0) / (to - from);

describe('the shared RL trainer on a toy verifiable task', () => {
  it.each(PAPER_ALGORITHMS.filter((a) => a !== 'remax'))('%s raises the training reward from ~0 to well above', (algorithm) => {
    const h = run({ algorithm });
    expect(avg(h, 0, 5)).toBeLessThan(0.05);
    expect(avg(h, 20, 25)).toBeGreaterThan(0.4);
    expect(h.at(-1)!.entropy).toBeLessThan(h[0].entropy);
  });

  it('ReMax (greedy baseline, no normalisation) learns too, more slowly, and pays one greedy decode per prompt', () => {
    const h = run({ algorithm: 'remax', steps: 40 });
    expect(avg(h, 35, 40)).toBeGreaterThan(avg(h, 0, 5) + 0.05);
    expect(h.at(-1)!.samplesGenerated).toBe(40 * (4 * 16 + 4));
  });

  it('DAPO regenerates to fill the batch with mixed groups', () => {
    const h = run({ algorithm: 'dapo', steps: 5 });
    expect(h.some((m) => m.generationRounds > 1)).toBe(true);
    expect(h.at(-1)!.samplesGenerated).toBeGreaterThan(5 * 64);
  });

  it('several mini-batches and epochs make the update off-policy, so the clip can fire', () => {
    const h = run({ algorithm: 'grpo', miniBatches: 2, epochs: 3, steps: 10 });
    expect(avg(h, 5, 10)).toBeGreaterThan(avg(h, 0, 3));
    expect(h.some((m) => m.clipFraction > 0)).toBe(true);
    const single = run({ algorithm: 'grpo', steps: 10 });
    expect(single.every((m) => m.clipFraction === 0)).toBe(true);
  });

  it('a strong KL penalty (in the loss or the reward) holds the policy near the reference', () => {
    const free = avg(run({ algorithm: 'grpo' }), 20, 25);
    const klLoss = avg(run({ algorithm: 'grpo', kl: { placement: 'loss', estimator: 'k3', coef: 5 } }), 20, 25);
    const klReward = avg(run({ algorithm: 'rloo', kl: { placement: 'reward', estimator: 'k1', coef: 5 } }), 20, 25);
    expect(klLoss).toBeLessThan(free);
    expect(klReward).toBeLessThan(free);
  });

  it('an entropy bonus keeps the policy more random', () => {
    const plain = run({ algorithm: 'grpo' });
    const bonus = run({ algorithm: 'grpo', entropyCoef: 0.5 });
    expect(bonus.at(-1)!.entropy).toBeGreaterThan(plain.at(-1)!.entropy);
  });
});
