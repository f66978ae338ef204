import { describe, expect, it } from 'vitest';
import {
  applyKlToRewards,
  dapoKeptGroups,
  gaeAdvantages,
  grpoAdvantages,
  grpoScalars,
  maskedWhiten,
  overlongPenalty,
  reinforcePpAdvantages,
  reinforcePpBaselineAdvantages,
  remaxAdvantages,
  rlooAdvantages,
  rlooScalars,
  sequenceSums,
  computeAdvantages,
  broadcastToTokens,
} from '../../../src/lab/rl/index.js';
import { exampleA, exampleB, expectClose, firstTokens, valid } from './worked-examples.js';

describe('Example A: one prompt, G = 4', () => {
  const a = exampleA();
  const input = { tokenRewards: a.tokenRewards, mask: a.mask, uids: a.uids };

  it('GRPO with and without std normalisation, RLOO', () => {
    const grpo = grpoAdvantages(input).advantages;
    expectClose(valid(grpo, a.lengths).flat(), [0.866024, 0.866024, 0.866024, -0.866024, -0.866024, ...Array(4).fill(-0.866024), ...Array(3).fill(0.866024)]);
    expect(grpo[1].slice(2)).toEqual([0, 0, 0]);
    expectClose(firstTokens(grpoAdvantages(input, { normByStd: false }).advantages), [0.5, -0.5, -0.5, 0.5]);
    expectClose(firstTokens(rlooAdvantages(input).advantages), [0.666667, -0.666667, -0.666667, 0.666667]);
  });

  it('REINFORCE++ and its baseline variant whiten over the 12 tokens', () => {
    const w = maskedWhiten(broadcastToTokens(a.scores, a.mask), a.mask);
    expectClose([w.mean, w.variance], [0.5, 0.272727]);
    const rf = reinforcePpAdvantages(input).advantages;
    expectClose(
      valid(rf, a.lengths).flat(),
      [1, 1, 1, -1, -1, -1, -1, -1, -1, 1, 1, 1].map((s) => s * 0.957427),
    );
    expectClose(firstTokens(reinforcePpBaselineAdvantages(input).advantages), [0.957427, -0.957427, -0.957427, 0.957427]);
  });

  it('ReMax with greedy baseline 0 and 1', () => {
    expectClose(firstTokens(remaxAdvantages({ ...input, greedyBaselines: [0, 0, 0, 0] }).advantages), [1, 0, 0, 1]);
    const b1 = remaxAdvantages({ ...input, greedyBaselines: [1, 1, 1, 1] }).advantages;
    expectClose(valid(b1, a.lengths).flat(), [0, 0, 0, -1, -1, -1, -1, -1, -1, 0, 0, 0]);
  });

  const values = [
    [0.4, 0.5, 0.6, 0, 0],
    [0.3, 0.2, 0, 0, 0],
    [0.5, 0.4, 0.3, 0.2, 0],
    [0.6, 0.7, 0.8, 0, 0],
  ];

  it('PPO/GAE with γ = λ = 1', () => {
    const out = gaeAdvantages({ ...input, values });
    expectClose(valid(out.raw, a.lengths).flat(), [0.6, 0.5, 0.4, -0.3, -0.2, -0.5, -0.4, -0.3, -0.2, 0.4, 0.3, 0.2]);
    expectClose(valid(out.returns, a.lengths).flat(), [1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    expectClose(
      valid(out.advantages, a.lengths).flat(),
      [1.416438, 1.162748, 0.909057, -0.866776, -0.613085, -1.374157, -1.120466, -0.866776, -0.613085, 0.909057, 0.655367, 0.401677],
    );
    const w = maskedWhiten(out.raw, a.mask);
    expectClose([w.mean, w.variance], [0.041667, 0.155379]);
  });

  it('PPO/GAE with λ = 0.95', () => {
    const out = gaeAdvantages({ ...input, values }, { gamma: 1, lambda: 0.95 });
    expectClose(valid(out.raw, a.lengths).flat(), [0.556, 0.48, 0.4, -0.29, -0.2, -0.456725, -0.3755, -0.29, -0.2, 0.3755, 0.29, 0.2]);
    expectClose(valid(out.returns, a.lengths).flat(), [0.956, 0.98, 1.0, 0.01, 0.0, 0.043275, 0.0245, 0.01, 0.0, 0.9755, 0.99, 1.0]);
    expectClose(
      valid(out.advantages, a.lengths).flat(),
      [1.375893, 1.172938, 0.959301, -0.883315, -0.642974, -1.328548, -1.11164, -0.883315, -0.642974, 0.893875, 0.665551, 0.425209],
    );
  });

  it('KL in the reward (β = 0.1, k1) feeds every estimator', () => {
    // k1 = ℓ_old − ℓ_ref is given per token; express it as ℓ_old = k1, ℓ_ref = 0.
    const k1 = [
      [0.1, -0.2, 0.3, 0, 0],
      [0.0, 0.2, 0, 0, 0],
      [-0.1, 0.1, 0.0, 0.4, 0],
      [0.2, 0.0, -0.1, 0, 0],
    ];
    const zeros = k1.map((r) => r.map(() => 0));
    const rewards = applyKlToRewards(a.tokenRewards, k1, zeros, a.mask, 0.1, 'k1');
    expectClose(valid(rewards, a.lengths).flat(), [-0.01, 0.02, 0.97, 0.0, -0.02, 0.01, -0.01, 0.0, -0.04, -0.02, 0.0, 1.01]);
    const kin = { tokenRewards: rewards, mask: a.mask, uids: a.uids };
    const rf = reinforcePpAdvantages(kin);
    expectClose(valid(rf.returns, a.lengths).flat(), [0.98, 0.99, 0.97, -0.02, -0.02, -0.04, -0.05, -0.04, -0.04, 0.99, 1.01, 1.01]);
    expectClose(
      valid(rf.advantages, a.lengths).flat(),
      [0.935367, 0.954012, 0.916722, -0.929152, -0.929152, -0.966442, -0.985087, -0.966442, -0.966442, 0.954012, 0.991302, 0.991302],
    );
    const w = maskedWhiten(rf.returns, a.mask);
    expectClose([w.mean, w.variance], [0.478333, 0.287652]);
    const remax = remaxAdvantages({ ...kin, greedyBaselines: [0, 0, 0, 0] }).advantages;
    expectClose(valid(remax, a.lengths).flat(), [0.98, 0.99, 0.97, -0.02, -0.02, -0.04, -0.05, -0.04, -0.04, 0.99, 1.01, 1.01]);
    expectClose(sequenceSums(rewards, a.mask), [0.98, -0.02, -0.04, 0.99]);
    expectClose(firstTokens(grpoAdvantages(kin).advantages), [0.857388, -0.848856, -0.882981, 0.87445]);
    expectClose(firstTokens(rlooAdvantages(kin).advantages), [0.67, -0.663333, -0.69, 0.683333]);
  });
});

describe('Example B: three prompts separate group from batch normalisation', () => {
  const b = exampleB();
  const input = { tokenRewards: b.tokenRewards, mask: b.mask, uids: b.uids };

  it('group estimators', () => {
    expectClose(
      firstTokens(computeAdvantages('grpo', input).advantages),
      [0.866024, -0.866024, -0.866024, 0.866024, 0.499999, 0.499999, 0.499999, -1.499997, 0, 0, 0, 0],
    );
    expectClose(grpoScalars(b.scores, b.uids, { normByStd: false }), [0.5, -0.5, -0.5, 0.5, 0.25, 0.25, 0.25, -0.75, 0, 0, 0, 0]);
    expectClose(rlooScalars(b.scores, b.uids), [0.666667, -0.666667, -0.666667, 0.666667, 0.333333, 0.333333, 0.333333, -1, 0, 0, 0, 0]);
  });

  it('REINFORCE++ and REINFORCE++-baseline', () => {
    const rf = computeAdvantages('reinforce++', input).advantages;
    const p = 1.319063;
    const n = -0.738675;
    expectClose(firstTokens(rf), [p, n, n, p, p, p, p, n, n, n, n, n]);
    expectClose(
      firstTokens(computeAdvantages('reinforce++-baseline', input).advantages),
      [1.354309, -1.222181, -1.222181, 1.354309, 0.710186, 0.710186, 0.710186, -1.866303, 0.066064, 0.066064, 0.066064, 0.066064],
    );
    const wb = maskedWhiten(broadcastToTokens(b.scores, b.mask), b.mask);
    expectClose([wb.mean, wb.variance], [0.358974, 0.236167]);
  });

  it('DAPO dynamic sampling keeps the mixed groups only', () => {
    expect(dapoKeptGroups(b.scores, b.uids)).toEqual(['P', 'Q']);
    expect(dapoKeptGroups([1], ['solo'])).toEqual(['solo']);
  });
});

describe('Example C: DAPO overlong shaping then GRPO', () => {
  const shaping = { maxLength: 4, bufferLength: 2, penaltyFactor: 1 };
  const lengths = [3, 2, 4, 3];
  const correct = [1, 0, 0, 1];
  const penalties = lengths.map((l) => overlongPenalty(l, shaping));

  it('penalties ramp to −κ at L_max', () => {
    expectClose(penalties, [-0.5, 0, -1, -0.5]);
  });

  it('±1 and 0/1 reward scales', () => {
    const pm = correct.map((c, i) => (c ? 1 : -1) + penalties[i]);
    expectClose(pm, [0.5, -1, -2, 0.5]);
    expectClose(grpoScalars(pm, ['p', 'p', 'p', 'p']), [0.816496, -0.408248, -1.224744, 0.816496]);
    const zo = correct.map((c, i) => c + penalties[i]);
    expectClose(grpoScalars(zo, ['p', 'p', 'p', 'p']), [0.707106, 0, -1.414212, 0.707106]);
  });
});

describe('Example H: other frameworks’ constants', () => {
  const a = exampleA();
  const b = exampleB();

  it('TRL and OpenRLHF GRPO epsilons', () => {
    expectClose(grpoScalars(a.scores, a.uids, { epsilon: 1e-4 }), [0.865875, -0.865875, -0.865875, 0.865875]);
    expectClose(grpoScalars(a.scores, a.uids, { epsilon: 1e-9 }), [0.866025, -0.866025, -0.866025, 0.866025]);
  });

  it('OpenRLHF biased-variance whitening', () => {
    const inA = { tokenRewards: a.tokenRewards, mask: a.mask, uids: a.uids };
    expectClose(firstTokens(reinforcePpAdvantages(inA, { variance: 'openrlhf' }).advantages), [1, -1, -1, 1]);
    const inB = { tokenRewards: b.tokenRewards, mask: b.mask, uids: b.uids };
    const rf = firstTokens(reinforcePpAdvantages(inB, { variance: 'openrlhf' }).advantages);
    expectClose([rf[0], rf[1]], [1.336306, -0.748331]);
    expectClose(
      firstTokens(reinforcePpBaselineAdvantages(inB, { variance: 'openrlhf' }).advantages),
      [1.372013, -1.238158, -1.238158, 1.372013, 0.71947, 0.71947, 0.71947, -1.8907, 0.066927, 0.066927, 0.066927, 0.066927],
    );
  });
});
