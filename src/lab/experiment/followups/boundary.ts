import type { ProblemOutcome } from '../../../analyze/index.js';

export interface Interval {
  value: number;
  ci_low: number;
  ci_high: number;
}

export interface BoundaryVerdict {
  expands_boundary: boolean;
  /** The model's pass@n interval lies entirely above the base's. */
  interval_above_base: boolean;
  /** Problems the model solves (≥ 1 of n) that the base never solved in its large probe. */
  provably_new_problems: string[];
  base_probe_n: number;
  evidence: string;
}

const pct = (x: number): string => (100 * x).toFixed(1);

/**
 * The issue's rule for "this intervention expands the reasoning boundary": its pass@n interval lies
 * above the base's, or it solves problems the base provably does not — 0 correct in the base's
 * probe of `baseProbeN` samples (1,024 for the paper preset). Anything weaker (a higher point
 * estimate inside overlapping intervals, or problems the base solves rarely) does not count.
 */
export function boundaryVerdict(input: {
  n: number;
  model: Interval;
  base: Interval;
  modelOutcomes: readonly ProblemOutcome[];
  baseProbe: readonly ProblemOutcome[];
}): BoundaryVerdict {
  const probeN = Math.min(...input.baseProbe.map((o) => o.n));
  const neverByBase = new Set(input.baseProbe.filter((o) => o.c === 0).map((o) => o.problemId));
  const provablyNew = input.modelOutcomes.filter((o) => o.c > 0 && neverByBase.has(o.problemId)).map((o) => o.problemId);
  const above = input.model.ci_low > input.base.ci_high;
  const parts = [
    `pass@${input.n} ${pct(input.model.value)} [${pct(input.model.ci_low)}, ${pct(input.model.ci_high)}] vs base ${pct(input.base.value)} [${pct(input.base.ci_low)}, ${pct(input.base.ci_high)}]: ${above ? 'interval above the base' : 'not above the base'}`,
    `${provablyNew.length} problem(s) solved that the base solved 0 of ${probeN} times${provablyNew.length ? ` (${provablyNew.slice(0, 5).join(', ')}${provablyNew.length > 5 ? ', …' : ''})` : ''}; the base never solved ${neverByBase.size}`,
  ];
  return {
    expands_boundary: above || provablyNew.length > 0,
    interval_above_base: above,
    provably_new_problems: provablyNew,
    base_probe_n: probeN,
    evidence: parts.join('; '),
  };
}
