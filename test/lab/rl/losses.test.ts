import { describe, expect, it } from 'vitest';
import {
  aggregateLoss,
  aggregationWeights,
  entropyWithGradient,
  klGradient,
  klValue,
  maskFromLengths,
  policyLoss,
  tokenPolicyLoss,
  tokenValueLoss,
  valueLoss,
  VERL_CLIP,
  type KlEstimator,
} from '../../../src/lab/rl/index.js';
import { expectClose } from './worked-examples.js';

describe('Example D: clipped policy loss per token', () => {
  const symmetric = { clipLow: 0.2, clipHigh: 0.2, dualClip: null };
  const higher = { clipLow: 0.2, clipHigh: 0.28, dualClip: null };
  const dual = { clipLow: 0.2, clipHigh: 0.2, dualClip: 3 };
  // [A, ρ, (loss, flows) for ε=0.2, for 0.2/0.28, for ε=0.2 + dual clip 3]
  const rows: [number, number, [number, boolean], [number, boolean], [number, boolean]][] = [
    [1, 1.3, [-1.2, false], [-1.28, false], [-1.2, false]],
    [1, 1.25, [-1.2, false], [-1.25, true], [-1.2, false]],
    [1, 0.7, [-0.7, true], [-0.7, true], [-0.7, true]],
    [-1, 1.3, [1.3, true], [1.3, true], [1.3, true]],
    [-1, 0.7, [0.8, false], [0.8, false], [0.8, false]],
    [-1, 4.0, [4.0, true], [4.0, true], [3.0, false]],
    [-1, 2.5, [2.5, true], [2.5, true], [2.5, true]],
  ];
  it.each(rows)('A=%d ρ=%d', (a, rho, s, h, d) => {
    for (const [settings, [loss, flows]] of [
      [symmetric, s],
      [higher, h],
      [dual, d],
    ] as const) {
      const tok = tokenPolicyLoss(a, rho, settings);
      expect(Math.abs(tok.loss - loss)).toBeLessThan(1e-9);
      expect(tok.gradientFlows).toBe(flows);
    }
  });

  it('the mini-batch gradient is −A·ρ·w where it flows, and matches finite differences of the loss', () => {
    const mask = maskFromLengths([3, 2], 4);
    const advantages = [
      [0.7, 0.7, 0.7, 0],
      [-1.1, -1.1, 0, 0],
    ];
    const oldLogp = [
      [-1, -2, -0.5, 0],
      [-0.3, -1.2, 0, 0],
    ];
    const logp = [
      [-0.7, -2.5, -0.45, 0],
      [-0.31, -0.1, 0, 0],
    ];
    const input = { advantages, oldLogp, mask, clip: VERL_CLIP, aggregation: 'seq-mean-token-mean' as const };
    const out = policyLoss({ ...input, logp });
    expect(out.clipFraction).toBeGreaterThan(0);
    expect(out.dualClipFraction).toBeGreaterThan(0);
    for (const [i, t] of [
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
    ]) {
      const h = 1e-6;
      const up = logp.map((r) => [...r]);
      const dn = logp.map((r) => [...r]);
      up[i][t] += h;
      dn[i][t] -= h;
      const fd = (policyLoss({ ...input, logp: up }).loss - policyLoss({ ...input, logp: dn }).loss) / (2 * h);
      expect(Math.abs(fd - out.logpGradient[i][t])).toBeLessThan(1e-6);
    }
  });
});

describe('Example E: loss aggregation modes', () => {
  const z = [
    [0.1, 0.2, 0.3, 0],
    [1.0, 0, 0, 0],
  ];
  const mask = maskFromLengths([3, 1], 4);
  it.each([
    ['token-mean', 0.4],
    ['seq-mean-token-mean', 0.6],
    ['seq-mean-token-sum', 0.8],
    ['seq-mean-token-sum-norm', 0.4],
    ['trl-dr-grpo', 0.2],
  ] as const)('%s = %d', (mode, value) => {
    expectClose([aggregateLoss(z, mask, mode)], [value]);
  });

  it('empty rows do not count as sequences', () => {
    const m = maskFromLengths([3, 1, 0], 4);
    expectClose([aggregateLoss([...z, [5, 5, 5, 5]], m, 'seq-mean-token-mean')], [0.6]);
    expect(aggregationWeights(m, 'token-mean')[2]).toEqual([0, 0, 0, 0]);
  });
});

describe('Example F: KL estimators', () => {
  const rows: [number, number, number, number, number, number][] = [
    [-1.0, -1.5, 0.5, 0.5, 0.125, 0.106531],
    [-2.0, -1.0, -1.0, 1.0, 0.5, 0.718282],
    [-0.1, -0.1, 0, 0, 0, 0],
    [-0.05, -3.0, 2.95, 2.95, 4.35125, 2.00234],
  ];
  it.each(rows)('ℓ=%d ℓ_ref=%d', (lp, ref, k1, abs, k2, k3) => {
    expectClose(
      (['k1', 'abs', 'k2', 'k3'] as KlEstimator[]).map((e) => klValue(e, lp, ref)),
      [k1, abs, k2, k3],
    );
    expect(klValue('k3+', lp, ref)).toBe(klValue('k3', lp, ref));
    for (const e of ['k1', 'k2', 'k3'] as KlEstimator[]) {
      const h = 1e-6;
      const fd = (klValue(e, lp + h, ref) - klValue(e, lp - h, ref)) / (2 * h);
      expect(Math.abs(fd - klGradient(e, lp, ref))).toBeLessThan(1e-5);
    }
    expect(klGradient('k3+', lp, ref)).toBeCloseTo(lp - ref, 12);
  });
});

describe('Example G: clipped value loss (c_v = 0.5)', () => {
  it.each([
    [0.9, 0.3, 1.0, 0.02],
    [0.1, 0.3, 1.0, 0.405],
    [-0.5, 0.3, 0.0, 0.125],
    [1.2, 0.3, 1.0, 0.02],
  ])('V=%d V_old=%d R=%d', (v, vOld, r, loss) => {
    expectClose([tokenValueLoss(v, vOld, r, 0.5).loss], [loss]);
  });

  it('gradients match finite differences under token-mean aggregation', () => {
    const mask = maskFromLengths([2, 1], 2);
    const values = [
      [0.9, 0.1],
      [-0.5, 0],
    ];
    const old = [
      [0.3, 0.3],
      [0.3, 0],
    ];
    const ret = [
      [1, 1],
      [0, 0],
    ];
    const out = valueLoss(values, old, ret, mask, 0.5, 'token-mean');
    expectClose([out.loss], [(0.02 + 0.405 + 0.125) / 3]);
    expectClose(out.valueGradient.flat(), [0, (0.1 - 1) / 3, -0.5 / 3, 0]);
  });
});

describe('entropy bonus', () => {
  it('entropy and its logit gradient (finite differences, T = 0.7)', () => {
    const logits = [0.3, -1.2, 2.0, 0.0, 0.5];
    const { entropy, logitGradient } = entropyWithGradient(logits, 0.7);
    expect(entropy).toBeGreaterThan(0);
    expect(entropy).toBeLessThan(Math.log(5));
    for (let v = 0; v < logits.length; v++) {
      const h = 1e-6;
      const up = [...logits];
      const dn = [...logits];
      up[v] += h;
      dn[v] -= h;
      const fd = (entropyWithGradient(up, 0.7).entropy - entropyWithGradient(dn, 0.7).entropy) / (2 * h);
      expect(Math.abs(fd - logitGradient[v])).toBeLessThan(1e-6);
    }
  });
});
