import { Rng } from '../../tensor/rng.js';
import type { TokenRows } from '../tokens.js';

/**
 * The entropy mechanism of Cui et al. (arXiv 2505.22617): policy entropy falls fastest through the
 * tokens whose log-probability and advantage covary most, so Clip-Cov and KL-Cov act on just those
 * few tokens. The centred per-token covariance is (A − mean A)·(ℓ − mean ℓ), means over every valid
 * token of the update's batch (ℓ detached).
 */
export function tokenCovariance(logp: TokenRows, advantages: TokenRows, mask: TokenRows): TokenRows {
  let count = 0;
  let sumA = 0;
  let sumL = 0;
  mask.forEach((row, i) =>
    row.forEach((m, t) => {
      if (m > 0) {
        count++;
        sumA += advantages[i][t];
        sumL += logp[i][t];
      }
    }),
  );
  const meanA = count === 0 ? 0 : sumA / count;
  const meanL = count === 0 ? 0 : sumL / count;
  return mask.map((row, i) => row.map((m, t) => (m > 0 ? (advantages[i][t] - meanA) * (logp[i][t] - meanL) : 0)));
}

export interface ClipCovSettings {
  /** Share of valid tokens whose gradient is cut (the paper's 2e-4); at least one token. */
  ratio: number;
  /** Only tokens with low < covariance < high are candidates (the paper's 1 and 5). */
  low: number;
  high: number;
}

export const CLIP_COV_DEFAULTS: ClipCovSettings = { ratio: 2e-4, low: 1, high: 5 };

/**
 * Clip-Cov: a random max(1, ⌊ratio·N⌋) of the candidate tokens get no policy gradient. Returns the
 * per-token gradient factor (1 keep, 0 cut) and how many were cut; `seed` makes the draw repeatable.
 */
export function clipCovKeep(cov: TokenRows, mask: TokenRows, settings: ClipCovSettings, seed: number): { keep: TokenRows; cut: number } {
  const valid = mask.reduce((s, row) => s + row.filter((m) => m > 0).length, 0);
  const candidates: [number, number][] = [];
  cov.forEach((row, i) => row.forEach((c, t) => mask[i][t] > 0 && c > settings.low && c < settings.high && candidates.push([i, t])));
  const want = Math.min(candidates.length, Math.max(1, Math.floor(settings.ratio * valid)));
  const rng = new Rng(seed);
  // Partial Fisher–Yates: the first `want` entries are a uniform draw without replacement.
  for (let j = 0; j < want; j++) {
    const r = j + rng.int(candidates.length - j);
    [candidates[j], candidates[r]] = [candidates[r], candidates[j]];
  }
  const keep = mask.map((row) => row.map(() => 1));
  for (const [i, t] of candidates.slice(0, want)) keep[i][t] = 0;
  return { keep, cut: want };
}

export interface KlCovSettings {
  /** Share of valid tokens (highest covariance first) that get the penalty (the paper's 2e-3). */
  ratio: number;
  /** β of the |ℓ − ℓ_old| penalty (the paper's 1). */
  coef: number;
}

export const KL_COV_DEFAULTS: KlCovSettings = { ratio: 2e-3, coef: 1 };

/**
 * KL-Cov: the ⌊ratio·N⌋ tokens of highest covariance (none when that is 0) get β·|ℓ − ℓ_old| added
 * to their loss. Returns the per-token penalty values and ∂/∂ℓ (β·sign(ℓ − ℓ_old), 0 at equality —
 * so it only bites on the off-policy updates of a step), both before aggregation weights.
 */
export function klCovPenalty(
  cov: TokenRows,
  logp: TokenRows,
  oldLogp: TokenRows,
  mask: TokenRows,
  settings: KlCovSettings,
): { value: TokenRows; gradient: TokenRows; selected: number } {
  const entries: [number, number, number][] = [];
  cov.forEach((row, i) => row.forEach((c, t) => mask[i][t] > 0 && entries.push([c, i, t])));
  const count = Math.floor(settings.ratio * entries.length);
  // Highest covariance first; ties by position so the choice is deterministic.
  entries.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  const value = mask.map((row) => row.map(() => 0));
  const gradient = mask.map((row) => row.map(() => 0));
  for (const [, i, t] of entries.slice(0, count)) {
    const d = logp[i][t] - oldLogp[i][t];
    value[i][t] = settings.coef * Math.abs(d);
    gradient[i][t] = settings.coef * Math.sign(d);
  }
  return { value, gradient, selected: count };
}
