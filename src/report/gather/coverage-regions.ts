import { solvableSet, type ProblemOutcome } from '../../analyze/index.js';
import type { ReportCoverage } from '../report-data.js';

/**
 * Exact-membership regions of several models' solved sets (solved = ≥ 1 correct sample, the
 * paper's definition at the largest k) over the problems every model was evaluated on. Each
 * problem lands in exactly one region; regions appear in order of first occurrence.
 */
export function coverageRegions(benchmark: string, models: Array<{ id: string; outcomes: readonly ProblemOutcome[] }>): ReportCoverage | null {
  if (models.length === 0) return null;
  const shared = models.map((m) => new Set(m.outcomes.map((o) => o.problemId))).reduce((acc, s) => new Set([...acc].filter((id) => s.has(id))));
  if (shared.size === 0) return null;
  const solved = models.map((m) => new Set(solvableSet(m.outcomes.filter((o) => shared.has(o.problemId)))));
  const order = models[0]!.outcomes.map((o) => o.problemId).filter((id) => shared.has(id));
  const regions = new Map<string, { members: string[]; problemIds: string[] }>();
  for (const id of order) {
    const members = models.filter((_, i) => solved[i]!.has(id)).map((m) => m.id);
    const key = members.join('\u0000');
    let region = regions.get(key);
    if (!region) regions.set(key, (region = { members, problemIds: [] }));
    region.problemIds.push(id);
  }
  return { benchmark, models: models.map((m) => m.id), regions: [...regions.values()] };
}
