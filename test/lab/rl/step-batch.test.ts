import { describe, expect, it } from 'vitest';
import { algorithmSpec, buildStepBatch, PAPER_ALGORITHMS, RlConfigSchema, type ScoredRollout } from '../../../src/lab/rl/index.js';
import { expectClose } from './worked-examples.js';

// Example A as rollouts: token ids do not matter, only lengths (EOS included) and verdicts.
const rollouts: ScoredRollout[] = [
  { uid: 'p', response: [1, 2, 9], correct: 1 },
  { uid: 'p', response: [1, 9], correct: 0 },
  { uid: 'p', response: [1, 2, 3, 9], correct: 0 },
  { uid: 'p', response: [4, 5, 9], correct: 1 },
];

describe('buildStepBatch', () => {
  it('masks each response incl. EOS, scores the last token, and runs the algorithm’s estimator', () => {
    const b = buildStepBatch(rollouts, { spec: algorithmSpec('grpo'), maxResponseTokens: 5 });
    expect(b.mask.map((r) => r.length)).toEqual([4, 4, 4, 4]);
    expect(b.tokenRewards[0]).toEqual([0, 0, 1, 0]);
    expectClose(
      b.advantages.map((r) => r[0]),
      [0.866024, -0.866024, -0.866024, 0.866024],
    );
    expect(b.advantages[1][2]).toBe(0);
    const rloo = buildStepBatch(rollouts, { spec: algorithmSpec('rloo'), maxResponseTokens: 5 });
    expectClose(
      rloo.advantages.map((r) => r[0]),
      [0.666667, -0.666667, -0.666667, 0.666667],
    );
    const remax = buildStepBatch(rollouts, { spec: algorithmSpec('remax'), maxResponseTokens: 5, greedyBaselines: [1, 1, 1, 1] });
    expectClose(
      remax.advantages.map((r) => r[0]),
      [0, -1, -1, 0],
    );
  });

  it('DAPO adds the overlong penalty to the 0/1 score (Example C with L_max 4, buffer 2)', () => {
    const spec = { ...algorithmSpec('dapo'), overlongBuffer: 0.5 };
    const b = buildStepBatch(rollouts, { spec, maxResponseTokens: 4 });
    expectClose(b.scores, [0.5, 0, -1, 0.5]);
    expectClose(
      b.advantages.map((r) => r[0]),
      [0.707106, 0, -1.414212, 0.707106],
    );
  });

  it('PPO needs critic values and whitens GAE advantages', () => {
    const spec = algorithmSpec('ppo');
    expect(() => buildStepBatch(rollouts, { spec, maxResponseTokens: 5 })).toThrow(/critic/);
    const values = [
      [0.4, 0.5, 0.6, 0],
      [0.3, 0.2, 0, 0],
      [0.5, 0.4, 0.3, 0.2],
      [0.6, 0.7, 0.8, 0],
    ];
    const b = buildStepBatch(rollouts, { spec, maxResponseTokens: 5, values });
    expectClose(b.advantages[0].slice(0, 3), [1.416438, 1.162748, 0.909057]);
  });

  it('every paper algorithm has a spec and the config defaults match the prototype recipe', () => {
    expect(PAPER_ALGORITHMS.map((a) => algorithmSpec(a).name)).toEqual(['grpo', 'ppo', 'rloo', 'remax', 'reinforce++', 'dapo']);
    expect(algorithmSpec('dapo').clip).toEqual({ clipLow: 0.2, clipHigh: 0.28, dualClip: 10 });
    const c = RlConfigSchema.parse({});
    expect([c.promptsPerStep, c.groupSize, c.learningRate, c.temperature, c.kl.placement]).toEqual([32, 8, 5e-5, 1, 'off']);
    expect(() => RlConfigSchema.parse({ algorithm: 'sarsa' })).toThrow();
  });
});
