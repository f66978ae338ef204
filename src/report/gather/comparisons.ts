import { pairedPassAtK, type BootstrapOptions, type PairedPassAtK, type ProblemOutcome } from '../../analyze/index.js';
import type { Comparison, ReportCrossover } from '../report-data.js';

/** Both models restricted to the problems they share (paired statistics need the same problems). */
export function commonProblems(a: readonly ProblemOutcome[], b: readonly ProblemOutcome[]): { a: ProblemOutcome[]; b: ProblemOutcome[] } {
  const inB = new Set(b.map((o) => o.problemId));
  const inA = new Set(a.map((o) => o.problemId));
  return { a: a.filter((o) => inB.has(o.problemId)), b: b.filter((o) => inA.has(o.problemId)) };
}

/** An endpoint's Monte-Carlo error, shown only when the resampling left one. */
const mc = (e: number | null): string => (e === null || e < 0.05 ? '' : `±${Number(e.toFixed(1))}`);

/** Says in words what the every-k crossover found, with its interval, share and Monte-Carlo error. */
export function describeCrossover(p: PairedPassAtK, baseLabel: string, otherLabel: string): ReportCrossover {
  const x = p.crossover;
  const pct = `${Math.round(p.ci * 100)}%`;
  const share = `crosses in ${(x.probability * 100).toFixed(1)}% of ${x.resamples.toLocaleString('en-US')} resamples (±${(x.probabilityMcError * 100).toFixed(1)} points Monte-Carlo error)`;
  let summary: string;
  if (x.leader === 'a') summary = `${baseLabel} is ahead of ${otherLabel} already at k = 1`;
  else if (x.leader === 'tie') summary = `${baseLabel} and ${otherLabel} are tied at k = 1`;
  else if (x.k === null) summary = `${otherLabel} stays ahead at every k up to ${x.maxK} (no crossover; ${share})`;
  else {
    const lo = x.ciLow === null ? '?' : `${x.ciLow}${mc(x.ciLowMcError)}`;
    const hi = x.ciHigh === null ? `>${x.maxK}` : `${x.ciHigh}${mc(x.ciHighMcError)}`;
    summary = `${baseLabel} catches up with ${otherLabel} at k = ${x.k} (every k ≤ ${x.maxK} examined; ${pct} interval [${lo}, ${hi}]; ${share})`;
  }
  const crossed = x.leader === 'b' && x.k !== null;
  return {
    k: crossed ? x.k : null,
    lo: crossed ? x.ciLow : null,
    hi: crossed ? x.ciHigh : null,
    summary,
    leader: x.leader === 'a' ? 'base' : x.leader === 'b' ? 'other' : 'tie',
    probability: x.probability,
    probabilityMcError: x.probabilityMcError,
    loMcError: x.ciLowMcError,
    hiMcError: x.ciHighMcError,
    maxK: x.maxK,
    resamples: x.resamples,
  };
}

/** Paired comparison base vs other on their common problems, as report data. */
export function compareModels(
  benchmark: string,
  base: { id: string; label: string; outcomes: readonly ProblemOutcome[] },
  other: { id: string; label: string; outcomes: readonly ProblemOutcome[] },
  bootstrap: BootstrapOptions,
): Comparison | null {
  const { a, b } = commonProblems(base.outcomes, other.outcomes);
  if (a.length === 0) return null;
  const p = pairedPassAtK(a, b, 'pow2', bootstrap);
  return {
    benchmark,
    base: base.id,
    other: other.id,
    points: p.k.map((k, i) => ({ k, diff: p.diff[i]!, lo: p.diffCiLow[i]!, hi: p.diffCiHigh[i]! })),
    crossover: describeCrossover(p, base.label, other.label),
    resamples: p.resamples,
    diffMcError: p.diffMcError,
  };
}
