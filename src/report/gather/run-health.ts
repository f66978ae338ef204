import type { StudyStore } from '../../study/index.js';
import type { RunRecord } from '../../study/index.js';

/** Per-run sample statistics, plus duplicate counts per problem key for the problem grid. */
export interface RunScan {
  samples: number;
  duplicates: number;
  truncated: number;
  duplicatesByProblem: Map<string, number>;
}

/**
 * Streams a run's samples once: counts samples (not failed slots), samples cut at the token limit
 * (finish reason "length") and samples whose exact text already occurred for the same problem.
 * Texts are compared via a hash set per problem, so memory stays per-problem.
 */
export async function scanRun(store: StudyStore, run: RunRecord, problemKeys: Map<number, string>): Promise<RunScan> {
  const scan: RunScan = { samples: 0, duplicates: 0, truncated: 0, duplicatesByProblem: new Map() };
  let currentProblem = -1;
  let seen = new Set<string>();
  for await (const s of store.iterateSamples(run.id)) {
    if (s.text === null) continue;
    if (s.problemId !== currentProblem) {
      currentProblem = s.problemId;
      seen = new Set();
    }
    scan.samples++;
    if (s.finishReason === 'length') scan.truncated++;
    if (seen.has(s.text)) {
      scan.duplicates++;
      const key = problemKeys.get(s.problemId) ?? String(s.problemId);
      scan.duplicatesByProblem.set(key, (scan.duplicatesByProblem.get(key) ?? 0) + 1);
    } else seen.add(s.text);
  }
  return scan;
}
