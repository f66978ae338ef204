// Hand-worked examples of the follow-up interventions' advantages and losses (docs/lab.md §8),
// in the manner of the six algorithms' worked examples: every number below is worked out by hand.
import { describe, expect, it } from 'vitest';
import { policyLoss, klGradient, klValue, broadcastToTokens, VERL_CLIP } from '../../../src/lab/rl/index.js';
import { signSplitScalars } from '../../../src/lab/rl/followups/sign-split.js';
import { annealedK, binomial, groupPassAtK, passAtKAdvantageScalars, pkpoRewards } from '../../../src/lab/rl/followups/pass-at-k.js';
import { clipCovKeep, klCovPenalty, tokenCovariance } from '../../../src/lab/rl/followups/covariance-control.js';
import { fitEntropyReward } from '../../../src/lab/rl/followups/entropy-reward-fit.js';
import { forwardKlGradient, forwardKlValue } from '../../../src/lab/rl/followups/forward-kl.js';
import { DifficultyCurriculum } from '../../../src/lab/rl/followups/curriculum.js';
import { rarelySolved } from '../../../src/lab/rl/followups/data-selection.js';
import { TaskRandom } from '../../../src/lab/tasks/random.js';
import { exampleA, expectClose, firstTokens } from './worked-examples.js';

describe('PSR / NSR / Weighted-REINFORCE (arXiv 2506.01347)', () => {
  const a = exampleA(); // one group of 4: correct, wrong, wrong, correct; 3 + 2 + 4 + 3 = 12 tokens

  it('±1 rewards without a baseline, split by sign', () => {
    expect(signSplitScalars(a.scores, 'psr')).toEqual([1, 0, 0, 1]);
    expect(signSplitScalars(a.scores, 'nsr')).toEqual([0, -1, -1, 0]);
    expect(signSplitScalars(a.scores, 'w-reinforce', 0.1)).toEqual([0.1, -1, -1, 0.1]);
  });

  it('token-mean gradients: PSR pushes the 6 correct tokens up by 1/12 each, NSR pushes the 6 wrong ones down', () => {
    const grad = (mode: 'psr' | 'nsr' | 'w-reinforce'): number[] => {
      const advantages = broadcastToTokens(signSplitScalars(a.scores, mode), a.mask);
      const pl = policyLoss({
        advantages,
        logp: a.mask.map((r) => r.map(() => -1)),
        oldLogp: a.mask.map((r) => r.map(() => -1)),
        mask: a.mask,
        clip: VERL_CLIP,
        aggregation: 'token-mean',
      });
      return firstTokens(pl.logpGradient);
    };
    // dL/dℓ = −A·ρ·w with ρ = 1, w = 1/12.
    expectClose(grad('psr'), [-1 / 12, 0, 0, -1 / 12]);
    expectClose(grad('nsr'), [0, 1 / 12, 1 / 12, 0]);
    expectClose(grad('w-reinforce'), [-0.1 / 12, 1 / 12, 1 / 12, -0.1 / 12]);
  });
});

describe('pass@k advantages (arXiv 2508.10751) and PKPO rewards (arXiv 2505.15201)', () => {
  it('the unbiased group estimator', () => {
    expect(binomial(4, 2)).toBe(6);
    expect(binomial(2, 3)).toBe(0);
    expectClose([groupPassAtK(4, 2, 2), groupPassAtK(4, 1, 2), groupPassAtK(4, 1, 3)], [5 / 6, 0.5, 0.75]);
  });

  it('n = 4, one correct, k = 2: R̄ = 1/2, σ = 1/2, A⁺ = 1, A⁻ = (1/2 − 2/3)/(1/2) = −1/3 (sums to 0)', () => {
    expectClose(passAtKAdvantageScalars([0, 1, 0, 0], ['g', 'g', 'g', 'g'], 2), [-1 / 3, 1, -1 / 3, -1 / 3]);
  });

  it('n = 4, one correct, k = 3: R̄ = 3/4, A⁺ = 0.25/0.433013 = 0.577350, A⁻ = (0.25 − 1/3)/0.433013 = −0.192450', () => {
    expectClose(passAtKAdvantageScalars([1, 0, 0, 0], ['g', 'g', 'g', 'g'], 3), [0.57735, -0.19245, -0.19245, -0.19245]);
  });

  it('k = 1 is GRPO with the population std; uniform groups get 0; groups are separate', () => {
    expectClose(passAtKAdvantageScalars([1, 0, 0, 1, 1, 1], ['p', 'p', 'p', 'p', 'q', 'q'], 1), [1, -1, -1, 1, 0, 0]);
  });

  it('PKPO: n = 4, c = 1, k = 2 gives k/n = 0.5 to the correct sample and 0.5·ρ(3, 1, 1) = 0.5·(1/3) to each wrong one', () => {
    expectClose(pkpoRewards([0, 1, 0, 0], ['g', 'g', 'g', 'g'], 2), [1 / 6, 0.5, 1 / 6, 1 / 6]);
    // k = 1 is the plain reward scaled by 1/n.
    expectClose(pkpoRewards([0, 1, 0, 0], ['g', 'g', 'g', 'g'], 1), [0, 0.25, 0, 0]);
  });

  it('k is held for the first half, then annealed linearly to 1', () => {
    expect([1, 5, 6, 8, 10].map((s) => annealedK(s, 10, 4))).toEqual([4, 4, 3, 2, 1]);
  });
});

describe('Clip-Cov and KL-Cov (arXiv 2505.22617)', () => {
  // Valid tokens (A, ℓ): (1, −1), (1, −2), (−1, −3); mean A = 1/3, mean ℓ = −2.
  const logp = [
    [-1, -2],
    [-3, 0],
  ];
  const advantages = [
    [1, 1],
    [-1, 0],
  ];
  const mask = [
    [1, 1],
    [1, 0],
  ];
  const cov = tokenCovariance(logp, advantages, mask);

  it('centred covariance per token: (2/3)(1), (2/3)(0), (−4/3)(−1); padding 0', () => {
    expectClose(cov.flat(), [2 / 3, 0, 4 / 3, 0]);
  });

  it('Clip-Cov cuts max(1, ⌊ratio·N⌋) tokens among those with low < cov < high', () => {
    const { keep, cut } = clipCovKeep(cov, mask, { ratio: 2e-4, low: 1, high: 5 }, 7);
    expect(cut).toBe(1);
    expect(keep).toEqual([
      [1, 1],
      [0, 1],
    ]);
    // No candidate in the band: nothing is cut.
    expect(clipCovKeep(cov, mask, { ratio: 0.5, low: 2, high: 5 }, 7).cut).toBe(0);
  });

  it('KL-Cov penalises the ⌊0.7·3⌋ = 2 highest-covariance tokens with β·|ℓ − ℓ_old|', () => {
    const oldLogp = [
      [-1.5, -2],
      [-2.5, 0],
    ];
    const p = klCovPenalty(cov, logp, oldLogp, mask, { ratio: 0.7, coef: 2 });
    expect(p.selected).toBe(2);
    expectClose(p.value.flat(), [1, 0, 1, 0]);
    expectClose(p.gradient.flat(), [2, 0, -2, 0]);
    // On the on-policy update (ℓ = ℓ_old) the penalty is 0 and so is its gradient.
    expect(klCovPenalty(cov, logp, logp, mask, { ratio: 0.7, coef: 2 }).gradient.flat()).toEqual([0, 0, 0, 0]);
  });

  it('R = −a·e^H + b: points on R = 5 − 2e^H give a = 2, b = 5, R² = 1, ceiling b − a = 3', () => {
    const points = [
      { entropy: 0.1, reward: 2.789658 },
      { entropy: 0.5, reward: 1.702557 },
      { entropy: 1.0, reward: -0.436564 },
    ];
    const fit = fitEntropyReward(points)!;
    expectClose([fit.a, fit.b, fit.r2, fit.ceiling], [2, 5, 1, 3], 1e-5);
    expect(fitEntropyReward(points.slice(0, 2))).toBeNull();
  });
});

describe('SELF (arXiv 2510.02230): forward KL and the selection of rarely solved problems', () => {
  it('forward KL estimator: π = 0.5, π_ref = 0.25 → r = 0.5, r·log r − (r − 1) = 0.153426, ∂/∂ℓ = −r·log r = 0.346574', () => {
    const [l, ref] = [Math.log(0.5), Math.log(0.25)];
    expectClose([forwardKlValue(l, ref), forwardKlGradient(l, ref)], [0.153426, 0.346574]);
    expectClose([klValue('forward', l, ref), klGradient('forward', l, ref)], [0.153426, 0.346574]);
    // The derivative matches a central difference.
    const h = 1e-6;
    expectClose([(forwardKlValue(l + h, ref) - forwardKlValue(l - h, ref)) / (2 * h)], [forwardKlGradient(l, ref)], 1e-6);
    expect(forwardKlValue(ref, ref)).toBe(0);
  });

  const problems = ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => ({ key: k, prompt: `#${k}:` }));
  const rate = new Map([
    ['a', 0.9],
    ['b', 0.1],
    ['c', 0.5],
    ['d', 0],
    ['e', 0.25],
    ['f', 0.7],
  ]);

  it('keeps the problems the base solves at most 25% of the time (never-solved ones included)', () => {
    expect(rarelySolved(problems, rate, 0.25, 2).map((p) => p.key)).toEqual(['b', 'd', 'e']);
    // Too few qualify: the hardest `minimum` instead.
    expect(rarelySolved(problems, rate, 0.05, 4).map((p) => p.key)).toEqual(['d', 'b', 'e', 'c']);
  });

  it('ProRL curriculum: 6 problems, 9 steps, 3 stages → pools of the easiest 2, 4, then all 6', () => {
    const c = new DifficultyCurriculum(problems, rate, 9, 3, new TaskRandom(1));
    expect([1, 3, 4, 6, 7, 9].map((s) => c.poolSize(s))).toEqual([2, 2, 4, 4, 6, 6]);
    const early = new Set(c.take(1, 50).map((p) => p.key));
    expect([...early].sort()).toEqual(['a', 'f']);
  });
});
