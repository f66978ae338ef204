import { pairedPassAtK, type BootstrapOptions, type PairedPassAtK, type ProblemOutcome } from '../../analyze/index.js';
import type { Comparison, ReportCrossover } from '../report-data.js';

/** Both models restricted to the problems they share (paired statistics need the same problems). */
export function commonProblems(a: readonly ProblemOutcome[], b: readonly ProblemOutcome[]): { a: ProblemOutcome[]; b: ProblemOutcome[] } {
  const inB = new Set(b.map((o) => o.problemId));
  const inA = new Set(a.map((o) => o.problemId));
  return { a: a.filter((o) => inB.has(o.problemId)), b: b.filter((o) => inA.has(o.problemId)) };
}

/** Says in words what the paired analysis found about the crossover. */
export function describeCrossover(p: PairedPassAtK, baseLabel: string, otherLabel: string): ReportCrossover {
  const x = p.crossover;
  const last = p.k[p.k.length - 1];
  const pct = `${Math.round(p.ci * 100)}%`;
  let summary: string;
  if (x.leader === 'a') summary = `${baseLabel} is ahead of ${otherLabel} already at k = ${p.k[0]}`;
  else if (x.leader === 'tie') summary = `${baseLabel} and ${otherLabel} are tied at k = ${p.k[0]}`;
  else if (x.k === null) summary = `${otherLabel} stays ahead up to k = ${last} (no crossover measured; crosses in ${Math.round(x.probability * 100)}% of resamples)`;
  else {
    const range = `[${x.ciLow ?? '?'}, ${x.ciHigh ?? `>${last}`}]`;
    summary = `${baseLabel} catches up with ${otherLabel} at k = ${x.k} (${pct} interval ${range}; crosses in ${Math.round(x.probability * 100)}% of resamples)`;
  }
  const crossed = x.leader === 'b' && x.k !== null;
  return { k: crossed ? x.k : null, lo: crossed ? x.ciLow : null, hi: crossed ? x.ciHigh : null, summary };
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
  };
}
