import { coverage, type Coverage } from './coverage.js';
import { deltaSE, type DeltaSEResult } from './efficiency.js';
import { accuracyHistogram, type AccuracyBin } from './histogram.js';
import type { ProblemOutcome } from './outcome.js';
import { pairedPassAtK, type PairedPassAtK } from './paired.js';
import { createRng } from './rng.js';
import { simulateOutcomes } from './simulate.js';

/**
 * A self-contained analytics demo on simulated data (no model, no network): a "base" model that
 * solves many problems rarely and an "RL" model that solves fewer problems but reliably — the
 * pattern Yue et al. report. Shows pass@k with bands, the paired difference, the crossover k,
 * coverage, the accuracy histogram and ΔSE. Temporary home of `npm start` until the lab lands.
 */
export interface DemoOptions {
  problems?: number;
  n?: number;
  seed?: number;
  resamples?: number;
}

export interface DemoResult {
  problems: number;
  n: number;
  paired: PairedPassAtK;
  /** The same comparison at every k from 1 to n, for a crossover k that is not limited to powers of two. */
  everyK: PairedPassAtK;
  coverage: Coverage;
  histogram: { base: AccuracyBin[]; rl: AccuracyBin[] };
  deltaSE: DeltaSEResult;
}

/** Simulated per-problem success rates: RL sharpens what the base finds sometimes and loses the rare ones. */
export function simulateBaseAndRl(problems: number, n: number, seed: number): { base: ProblemOutcome[]; rl: ProblemOutcome[] } {
  const rng = createRng(seed);
  const baseRates: number[] = [];
  const rlRates: number[] = [];
  for (let i = 0; i < problems; i++) {
    const u = rng.nextFloat();
    const pBase = rng.nextFloat() < 0.2 ? 0 : u ** 3;
    baseRates.push(pBase);
    rlRates.push(pBase >= 0.03 ? Math.min(0.97, 2.5 * pBase + 0.25) : 0);
  }
  return { base: simulateOutcomes(baseRates, n, seed + 1), rl: simulateOutcomes(rlRates, n, seed + 2) };
}

export function runAnalyticsDemo(options: DemoOptions = {}): DemoResult {
  const problems = options.problems ?? 300;
  const n = options.n ?? 256;
  const seed = options.seed ?? 1;
  const resamples = options.resamples ?? 2000;
  const { base, rl } = simulateBaseAndRl(problems, n, seed);
  return {
    problems,
    n,
    paired: pairedPassAtK(rl, base, 'pow2', { resamples, seed }),
    everyK: pairedPassAtK(rl, base, 'all', { resamples, seed }),
    coverage: coverage(rl, base),
    histogram: { base: accuracyHistogram(base), rl: accuracyHistogram(rl) },
    deltaSE: deltaSE(base, [{ name: 'RL', outcomes: rl }], Math.min(256, n), { resamples, seed }),
  };
}

const pct = (x: number): string => (100 * x).toFixed(1).padStart(5);
const band = (v: number, lo: number, hi: number): string => `${pct(v)} [${pct(lo)}, ${pct(hi)}]`;

/** Plain-text rendering of the demo (what `npm start` prints). */
export function formatAnalyticsDemo(r: DemoResult): string {
  const p = r.paired;
  const lines: string[] = [];
  lines.push(`rlbound analytics demo — simulated data: ${r.problems} problems, n = ${r.n} samples each, two models`);
  lines.push(`(base: solves many problems rarely; RL: solves fewer problems, reliably). 95% problem-level bootstrap, ${p.resamples} resamples, seed ${p.seed}.`);
  lines.push('');
  lines.push(`${'k'.padStart(5)}  ${'RL pass@k %'.padEnd(22)}${'base pass@k %'.padEnd(22)}RL − base (points)`);
  p.k.forEach((k, j) => {
    lines.push(`${String(k).padStart(5)}  ${band(p.a.passAtK[j], p.a.ciLow[j], p.a.ciHigh[j]).padEnd(22)}${band(p.b.passAtK[j], p.b.ciLow[j], p.b.ciHigh[j]).padEnd(22)}${band(p.diff[j], p.diffCiLow[j], p.diffCiHigh[j])}`);
  });
  lines.push('');
  const c = r.everyK.crossover;
  if (c.k === null) lines.push(`No crossover up to k = ${r.n}.`);
  else lines.push(`Crossover (every k from 1 to ${r.n}): RL leads at k = 1; the base model catches up at k = ${c.k} (95% interval ${c.ciLow ?? '?'} to ${c.ciHigh ?? `beyond ${r.n}`}; crosses in ${(100 * c.probability).toFixed(1)}% of resamples).`);
  const cov = r.coverage;
  lines.push(`Coverage at k = n: both ${cov.both.count}, RL only ${cov.aOnly.count}, base only ${cov.bOnly.count}, neither ${cov.neither.count}; |RL ∩ base| / |RL| = ${cov.subsetRatio === null ? 'n/a' : cov.subsetRatio.toFixed(3)}.`);
  const zero = (h: AccuracyBin[]) => h[0].count;
  const one = (h: AccuracyBin[]) => h[h.length - 1].count;
  lines.push(`Accuracy histogram: problems never solved — base ${zero(r.histogram.base)}, RL ${zero(r.histogram.rl)}; always solved — base ${one(r.histogram.base)}, RL ${one(r.histogram.rl)}.`);
  const d = r.deltaSE.rows[0];
  lines.push(`ΔSE = pass@${r.deltaSE.k}(base) − pass@1(RL) = ${(100 * d.deltaSE).toFixed(1)} points [${(100 * d.ciLow!).toFixed(1)}, ${(100 * d.ciHigh!).toFixed(1)}] (lower is better).`);
  return lines.join('\n') + '\n';
}
