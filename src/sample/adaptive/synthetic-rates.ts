import { createRng, type Rng } from '../../analyze/rng.js';
import { drawLogBeta } from '../../analyze/special.js';

/**
 * A base/RL pair of per-problem success-rate tables shaped like the measured ones (Yue et al. 2025,
 * Fig. 5 histograms; Schaeffer et al. 2025 on the left tail): many problems near 0 (some exactly 0)
 * and near 1, a heavy tail in between. The RL model is sharper — higher rates on what the base
 * already solves — and loses part of the base's rarely solved problems, which is what puts a
 * crossover inside the k grid. For simulations and tests; real studies bring their own rates.
 */
export interface RatePair {
  base: number[];
  rl: number[];
}

export function syntheticRatePair(problems: number, seed: number): RatePair {
  const rng = createRng(seed);
  const base: number[] = [];
  const rl: number[] = [];
  for (let i = 0; i < problems; i++) {
    const u = rng.nextFloat();
    let p: number;
    if (u < 0.1) p = 0;
    else if (u < 0.3) p = beta(rng, 0.4, 30);
    else if (u < 0.6) p = beta(rng, 0.7, 0.7);
    else p = beta(rng, 6, 0.5);
    base.push(p);
    // RL: a rare problem of the base is lost 45 % of the time (its rate falls twentyfold); otherwise
    // the rate is sharpened towards 1.
    const rare = p < 0.05;
    rl.push(rare && rng.nextFloat() < 0.45 ? p / 20 : Math.pow(p, rare ? 0.9 : 0.25));
  }
  return { base, rl };
}

function beta(rng: Rng, a: number, b: number): number {
  return Math.exp(drawLogBeta(rng, a, b).logP);
}

/** The population pass@k of a rate table: the mean of 1 − (1 − pᵢ)^k. */
export function truePassAtK(rates: readonly number[], k: number): number {
  let s = 0;
  for (const p of rates) s += p >= 1 ? 1 : -Math.expm1(k * Math.log1p(-p));
  return p1Safe(s / rates.length);
}

const p1Safe = (x: number): number => Math.min(1, Math.max(0, x));
