import { InputError } from '../../errors.js';
import { fitBetaBinomial } from '../../analyze/beta-binomial.js';
import { powersOfTwoUpTo } from '../../analyze/passk.js';
import { normalQuantile } from '../../analyze/special.js';
import type { AdaptiveConfig, AdaptiveTarget } from './config.js';
import { expectedVarianceReduction, passMean, passVariance } from './posterior-moments.js';
import { slotUniform } from './slot-outcome.js';

/** One model's counts on one problem. */
export interface Count {
  n: number;
  c: number;
}

/** One target's sampling-noise spread after a round (what the stopping rule compares with `width`). */
export interface TargetSpread {
  target: AdaptiveTarget;
  /** The model it concerns (for crossover and ΔSE: the model compared with the base). */
  model: number;
  k: number;
  estimate: number;
  sd: number;
  met: boolean;
}

export type StopReason = 'width' | 'budget' | 'cap';

export interface RoundDecision {
  /** The new per-model, per-problem sample counts; null when allocation has stopped. */
  next: number[][] | null;
  stop: StopReason | null;
  spent: number;
  budget: number;
  spreads: TargetSpread[];
}

/** Sample budget of a configuration: the fraction `budget` of the uniform n_max × problems × models. */
export function sampleBudget(config: AdaptiveConfig, problems: number, models: number): number {
  return Math.floor(config.budget * config.nMax * problems * models);
}

interface Posterior {
  a: number;
  b: number;
}

/** A sub-target: one linear functional Σᵢ f(pᵢ)/m of the rates, the models and k it involves. */
interface Functional {
  spread: Omit<TargetSpread, 'sd' | 'met'>;
  /** (model, k, only problems with c = 0) terms whose posterior variances add up to its variance. */
  terms: Array<{ model: number; k: number; unsolvedOnly: boolean }>;
  /** Met early when the sign of the estimate is settled (crossover: only the sign matters). */
  signOnly: boolean;
}

/**
 * One round of the sequential allocation. Every problem's rate gets the posterior of the
 * benchmark's fitted beta-binomial prior; each target is a mean over problems of a function of the
 * rates, whose sampling-noise variance is Σᵢ Var(f(pᵢ) | data)/m². A target is met when 2·z·sd is
 * at most `width`. While some are not, the next batch of a problem (doubling its n, capped at
 * n_max) is valued by the expected variance reduction it buys on the unmet targets, each scaled by
 * its tolerance, per sample; the best are taken until half the remaining budget is spent. A pure
 * function of the counts, the configuration, the seed (ties only) and the round number.
 */
export function allocateRound(counts: readonly (readonly Count[])[], config: AdaptiveConfig, seed: number, round: number): RoundDecision {
  const models = counts.length;
  const m = counts[0]?.length ?? 0;
  if (models === 0 || m === 0) throw new InputError('adaptive sampling needs at least one model and one problem');
  if (counts.some((row) => row.length !== m)) throw new InputError('adaptive sampling needs every model on the same problems');
  if (config.base >= models) throw new InputError(`base model index ${config.base} is out of range for ${models} model(s)`, { field: 'base' });
  const budget = sampleBudget(config, m, models);
  let spent = 0;
  for (const row of counts) for (const x of row) spent += x.n;

  const posteriors: Posterior[][] = counts.map((row) => {
    const fit = fitBetaBinomial(row.map((x, i) => ({ problemId: String(i), n: x.n, c: x.c })));
    return row.map((x) => ({ a: fit.alpha + x.c, b: fit.beta + x.n - x.c }));
  });
  const functionals = targetFunctionals(config, counts, posteriors);
  const z = normalQuantile(0.975);
  const tol = config.width / (2 * z);
  const spreads: TargetSpread[] = functionals.map((f) => {
    let v = 0;
    for (const t of f.terms)
      for (let i = 0; i < m; i++)
        if (!t.unsolvedOnly || counts[t.model]![i]!.c === 0) v += passVariance(posteriors[t.model]![i]!.a, posteriors[t.model]![i]!.b, t.k);
    const sd = Math.sqrt(v) / m;
    const met = sd <= tol || (f.signOnly && Math.abs(f.spread.estimate) >= 2 * z * sd);
    return { ...f.spread, sd, met };
  });
  const decide = (stop: StopReason | null, next: number[][] | null): RoundDecision => ({ next, stop, spent, budget, spreads });
  if (spreads.every((s) => s.met)) return decide('width', null);
  const remaining = budget - spent;
  if (remaining < 1) return decide('budget', null);

  const unmet = functionals.filter((_, j) => !spreads[j]!.met);
  const candidates = valueBatches(counts, posteriors, unmet, config, tol * tol * m * m);
  if (candidates.length === 0) return decide('cap', null);
  candidates.sort((x, y) => y.value - x.value || tieBreak(seed, round, x) - tieBreak(seed, round, y));

  const roundBudget = Math.min(remaining, Math.max(Math.ceil(remaining / 2), Math.ceil((m * models * config.pilot) / 4)));
  const next = counts.map((row) => row.map((x) => x.n));
  let left = roundBudget;
  for (const cand of candidates) {
    if (cand.size > left) continue;
    next[cand.model]![cand.problem]! += cand.size;
    left -= cand.size;
    if (left === 0) break;
  }
  if (left === roundBudget) {
    // Nothing fits whole: give the best batch what remains, so the budget is used to the end.
    const best = candidates[0]!;
    next[best.model]![best.problem]! += Math.min(best.size, remaining);
  }
  return decide(null, next);
}

function tieBreak(seed: number, round: number, c: { model: number; problem: number }): number {
  return slotUniform(seed, round, c.model, c.problem);
}

/** The sub-targets of the chosen targets, with their current estimates. */
function targetFunctionals(config: AdaptiveConfig, counts: readonly (readonly Count[])[], posteriors: Posterior[][]): Functional[] {
  const models = counts.length;
  const m = counts[0]!.length;
  const mean = (model: number, k: number): number => posteriors[model]!.reduce((s, p) => s + passMean(p.a, p.b, k), 0) / m;
  const others = Array.from({ length: models }, (_, j) => j).filter((j) => j !== config.base);
  const out: Functional[] = [];
  for (const target of config.targets) {
    if (target === 'pass_at_k') {
      for (let j = 0; j < models; j++)
        out.push({
          spread: { target, model: j, k: config.k, estimate: mean(j, config.k) },
          terms: [{ model: j, k: config.k, unsolvedOnly: false }],
          signOnly: false,
        });
    } else if (target === 'coverage') {
      // Whether a problem still unsolved would be solved within n_max samples: solved ones are known.
      for (let j = 0; j < models; j++) {
        const solved = counts[j]!.filter((x) => x.c > 0).length;
        const more = counts[j]!.reduce((s, x, i) => (x.c > 0 ? s : s + passMean(posteriors[j]![i]!.a, posteriors[j]![i]!.b, config.nMax)), 0);
        out.push({
          spread: { target, model: j, k: config.nMax, estimate: (solved + more) / m },
          terms: [{ model: j, k: config.nMax, unsolvedOnly: true }],
          signOnly: false,
        });
      }
    } else if (target === 'delta_se') {
      for (const j of others)
        out.push({
          spread: { target, model: j, k: config.k, estimate: mean(config.base, config.k) - mean(j, 1) },
          terms: [
            { model: config.base, k: config.k, unsolvedOnly: false },
            { model: j, k: 1, unsolvedOnly: false },
          ],
          signOnly: false,
        });
    } else {
      // The crossover is decided by the sign of the difference at the grid points around it.
      const grid = powersOfTwoUpTo(config.k);
      if (grid[grid.length - 1] !== config.k) grid.push(config.k);
      for (const j of others) {
        const diff = grid.map((k) => mean(j, k) - mean(config.base, k));
        const sign = Math.sign(diff[0]!);
        let at = diff.findIndex((d) => sign * d <= 0);
        const ks = sign === 0 ? [grid[0]!] : at < 0 ? [grid[grid.length - 1]!] : at === 0 ? [grid[0]!] : [grid[at - 1]!, grid[at]!];
        if (at < 0) at = grid.length - 1;
        for (const k of ks)
          out.push({
            spread: { target, model: j, k, estimate: diff[grid.indexOf(k)]! },
            terms: [
              { model: j, k, unsolvedOnly: false },
              { model: config.base, k, unsolvedOnly: false },
            ],
            signOnly: true,
          });
      }
    }
  }
  return out;
}

interface Candidate {
  model: number;
  problem: number;
  size: number;
  value: number;
}

/**
 * The value of each problem's next batch: Σ over unmet sub-targets of the expected reduction of
 * Σᵢ Var(f(pᵢ)), divided by the tolerance (in the same units) and by the batch size. Problems with
 * the same counts under the same model have the same value, so values are cached by (model, n, c).
 */
function valueBatches(
  counts: readonly (readonly Count[])[],
  posteriors: Posterior[][],
  unmet: readonly Functional[],
  config: AdaptiveConfig,
  scale: number,
): Candidate[] {
  const out: Candidate[] = [];
  for (let j = 0; j < counts.length; j++) {
    const terms = unmet.flatMap((f) => f.terms.filter((t) => t.model === j));
    if (terms.length === 0) continue;
    const ks = [...new Set(terms.map((t) => t.k))];
    const cache = new Map<string, number>();
    for (let i = 0; i < counts[j]!.length; i++) {
      const x = counts[j]![i]!;
      if (x.n >= config.nMax) continue;
      const size = Math.min(Math.max(x.n, config.pilot), config.nMax - x.n);
      const key = `${x.n}/${x.c}`;
      let value = cache.get(key);
      if (value === undefined) {
        const p = posteriors[j]![i]!;
        const red = expectedVarianceReduction(p.a, p.b, size, ks);
        value = 0;
        for (const t of terms) if (!t.unsolvedOnly || x.c === 0) value += red[ks.indexOf(t.k)]!;
        value /= scale * size;
        cache.set(key, value);
      }
      if (value > 0) out.push({ model: j, problem: i, size, value });
    }
  }
  return out;
}
