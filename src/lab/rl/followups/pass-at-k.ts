import { groupIndices } from '../tokens.js';

/** C(n, k) as a float (0 outside 0 ≤ k ≤ n); groups are small, so the product form is exact enough. */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let out = 1;
  for (let i = 1; i <= k; i++) out = (out * (n - k + i)) / i;
  return out;
}

/** The unbiased pass@k estimator of a group with c correct of n: 1 − C(n−c, k)/C(n, k). */
export function groupPassAtK(n: number, c: number, k: number): number {
  return 1 - binomial(n - c, k) / binomial(n, k);
}

/**
 * Pass@k Training's analytic advantages (Chen et al., arXiv 2508.10751): the group's reward is the
 * unbiased pass@k estimate R̄ over all k-subsets of its n responses, σ = √(R̄(1 − R̄)); a correct
 * response is in only successful subsets, A⁺ = (1 − R̄)/σ; a wrong one is in an all-wrong subset
 * with probability C(n_neg − 1, k − 1)/C(n − 1, k − 1), A⁻ = (1 − R̄ − that)/σ. At k = 1 this is GRPO
 * with the population std. A group that is all right or all wrong (σ = 0) gets 0.
 */
export function passAtKAdvantageScalars(correct: readonly number[], uids: readonly string[], k: number): number[] {
  const out = new Array<number>(correct.length).fill(0);
  for (const idx of groupIndices(uids)) {
    const n = idx.length;
    const kk = Math.min(Math.max(1, Math.round(k)), n);
    const negatives = idx.filter((i) => correct[i] <= 0).length;
    const mean = groupPassAtK(n, n - negatives, kk);
    const sigma = Math.sqrt(mean * (1 - mean));
    if (!(sigma > 1e-12)) continue;
    const positive = (1 - mean) / sigma;
    const negative = (1 - mean - binomial(negatives - 1, kk - 1) / binomial(n - 1, kk - 1)) / sigma;
    for (const i of idx) out[i] = correct[i] > 0 ? positive : negative;
  }
  return out;
}

/**
 * PKPO's effective rewards for binary outcomes (Walder & Karkhanis, arXiv 2505.15201): with c of n
 * correct, Σ r_i ∇log p(x_i) is an unbiased estimate of ∇pass@k when a correct sample gets k/n and a
 * wrong one (k/n)·ρ(n − 1, c, k − 1), ρ being the unbiased pass@k estimator above.
 */
export function pkpoRewards(correct: readonly number[], uids: readonly string[], k: number): number[] {
  const out = new Array<number>(correct.length).fill(0);
  for (const idx of groupIndices(uids)) {
    const n = idx.length;
    const kk = Math.min(Math.max(1, Math.round(k)), n);
    const c = idx.filter((i) => correct[i] > 0).length;
    for (const i of idx) out[i] = correct[i] > 0 ? kk / n : (kk / n) * groupPassAtK(n - 1, c, kk - 1);
  }
  return out;
}

/**
 * The k of a training step when k is annealed (PKPO §5: optimise a large k first for exploration,
 * then k = 1): k_start for the first `holdFraction` of the run, then linearly down to 1 at the end.
 */
export function annealedK(step: number, steps: number, kStart: number, holdFraction = 0.5): number {
  const hold = Math.round(steps * holdFraction);
  if (step <= hold || steps <= hold) return kStart;
  const t = (step - hold) / (steps - hold);
  return Math.max(1, Math.round(kStart + (1 - kStart) * t));
}
