import { InputError } from '../errors.js';
import { columnInterval, drawCounts, planBootstrap, resampleUntilStable, watchColumns, type BootstrapOptions, type ResolvedBootstrap } from './bootstrap.js';
import { alignOutcomes, type ProblemOutcome } from './outcome.js';
import { passAtK, planKs } from './passk.js';

/** The paper's choice of k for the sampling-efficiency gap (v2 §4.3). */
export const DEFAULT_DELTA_SE_K = 256;

/** ΔSE of one model against the base. Lower is better; 0 means its pass@1 equals base pass@k. */
export interface DeltaSERow {
  name: string;
  passAt1: number;
  deltaSE: number;
  ciLow: number | null;
  ciHigh: number | null;
  /** Monte-Carlo standard error of the interval's endpoints (the larger of the two); null without an interval. */
  mcError?: number | null;
  /** Resamples behind this row's interval. */
  resamples?: number;
}

export interface DeltaSEResult {
  k: number;
  basePassAtK: number;
  rows: DeltaSERow[];
  /** Name of the model with the smallest ΔSE (the value Figure 8 of the paper annotates). */
  best: string | null;
}

const bestOf = (rows: DeltaSERow[]): string | null =>
  rows.reduce<DeltaSERow | null>((b, r) => (b === null || r.deltaSE < b.deltaSE ? r : b), null)?.name ?? null;

/**
 * ΔSE = pass@k(base) − pass@1(model) from already-computed rates (fractions or points; the result
 * is in the same unit). Useful for published tables, where only the rates are known.
 */
export function deltaSEFromRates(basePassAtK: number, models: readonly { name: string; passAt1: number }[], k: number = DEFAULT_DELTA_SE_K): DeltaSEResult {
  const rows = models.map((m) => ({ name: m.name, passAt1: m.passAt1, deltaSE: basePassAtK - m.passAt1, ciLow: null, ciHigh: null }));
  return { k, basePassAtK, rows, best: bestOf(rows) };
}

/**
 * ΔSE of any number of models against one base model, from per-problem outcomes, with a paired
 * problem-level bootstrap interval per model (each model must cover the base model's problems).
 */
export function deltaSE(
  base: readonly ProblemOutcome[],
  models: readonly { name: string; outcomes: readonly ProblemOutcome[] }[],
  k: number = DEFAULT_DELTA_SE_K,
  options: BootstrapOptions = {},
): DeltaSEResult & ResolvedBootstrap {
  const boot = planBootstrap(options);
  if (models.length === 0) throw new InputError('ΔSE needs at least one model to compare with the base model');
  planKs(base, [k]); // names base problems with fewer than k samples
  const baseK = base.map((o) => passAtK(o.n, o.c, k));
  const basePassAtK = mean(baseK);
  const m = base.length;
  let drawn = 0;
  const rows = models.map((model) => {
    const al = alignOutcomes(base, model.outcomes);
    const p1 = al.b.map((o) => o.c / o.n);
    const counts = new Int32Array(m);
    const t = resampleUntilStable(boot, 1, watchColumns([{ offset: 0, count: 1, tolerance: boot.tolerance }], boot.ci), (rng, row, offset) => {
      drawCounts(rng, m, counts);
      let s = 0;
      for (let i = 0; i < m; i++) if (counts[i] > 0) s += counts[i] * (baseK[i] - p1[i]);
      row[offset] = s / m;
    });
    drawn = Math.max(drawn, t.resamples);
    const interval = columnInterval(t, 0, boot.ci);
    const passAt1 = mean(p1);
    return {
      name: model.name,
      passAt1,
      deltaSE: basePassAtK - passAt1,
      ciLow: interval.low,
      ciHigh: interval.high,
      mcError: Math.max(interval.lowMcError, interval.highMcError),
      resamples: t.resamples,
    };
  });
  return { k, basePassAtK, rows, best: bestOf(rows), resamples: drawn, ci: boot.ci, seed: boot.seed };
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}
