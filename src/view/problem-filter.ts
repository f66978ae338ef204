import type { ProblemRow } from '../report/index.js';
import type { ProblemListQuery } from './api-params.js';

/** The per-problem grid rows that pass a viewer filter, in their original order. */
export function filterProblems(rows: readonly ProblemRow[], q: ProblemListQuery): ProblemRow[] {
  const solved = (r: ProblemRow, model: string): boolean => r.cells.some((c) => c.model === model && c.correct > 0);
  return rows.filter((r) => {
    if (r.benchmark !== q.benchmark) return false;
    if (q.search !== undefined && q.search !== '' && !r.problemId.toLowerCase().includes(q.search.toLowerCase())) return false;
    switch (q.filter) {
      case 'all':
        return true;
      case 'never':
        return r.cells.every((c) => c.correct === 0);
      case 'every':
        return r.cells.length > 0 && r.cells.every((c) => c.correct > 0);
      case 'duplicates':
        return r.cells.some((c) => c.duplicates > 0);
      case 'only':
        return solved(r, q.model!) && r.cells.every((c) => c.model === q.model || c.correct === 0);
    }
  });
}
