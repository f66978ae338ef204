import type { StudyStore } from '../../study/index.js';
import type { RunRecord } from '../../study/index.js';
import type { RunHealth } from '../report-data.js';
import type { RunOrigin } from './run-origin.js';

/** Per-run sample statistics, plus duplicate counts per problem key for the problem grid. */
export interface RunScan {
  samples: number;
  duplicates: number;
  truncated: number;
  /** Samples whose text is empty (imported verdicts often carry no text). */
  emptyTexts: number;
  /** Slots whose request failed for good. */
  errors: number;
  duplicatesByProblem: Map<string, number>;
}

/**
 * Streams a run's samples once: counts samples, failed slots, samples cut at the token limit
 * (finish reason "length"), empty texts, and samples whose non-empty text already occurred for the
 * same problem. Empty texts are not duplicates of each other: an imported verdict without its text
 * says nothing about the sampler. Texts are compared via a hash set per problem, so memory stays
 * per-problem.
 */
export async function scanRun(store: StudyStore, run: RunRecord, problemKeys: Map<number, string>): Promise<RunScan> {
  const scan: RunScan = { samples: 0, duplicates: 0, truncated: 0, emptyTexts: 0, errors: 0, duplicatesByProblem: new Map() };
  let currentProblem = -1;
  let seen = new Set<string>();
  for await (const s of store.iterateSamples(run.id)) {
    if (s.text === null) {
      scan.errors++;
      continue;
    }
    if (s.problemId !== currentProblem) {
      currentProblem = s.problemId;
      seen = new Set();
    }
    scan.samples++;
    if (s.finishReason === 'length') scan.truncated++;
    if (s.text.length === 0) {
      scan.emptyTexts++;
      continue;
    }
    if (seen.has(s.text)) {
      scan.duplicates++;
      const key = problemKeys.get(s.problemId) ?? String(s.problemId);
      scan.duplicatesByProblem.set(key, (scan.duplicatesByProblem.get(key) ?? 0) + 1);
    } else seen.add(s.text);
  }
  return scan;
}

/**
 * The run-health row: what can be known about a run given where it came from. A run without texts
 * (counts only, or verdicts imported without their responses) gets no duplicate statistic — a
 * 99% "duplicate" rate of empty strings would read like a sampling failure — and says so.
 */
export function runHealthRow(label: string, run: RunRecord, model: string, benchmark: string, scan: RunScan, origin: RunOrigin): RunHealth {
  const withText = scan.samples - scan.emptyTexts;
  const knowsDuplicates = origin.origin !== 'counts-only' && withText > 0;
  const rate = (x: number, of: number): number => (of > 0 ? x / of : 0);
  const note =
    origin.origin === 'counts-only'
      ? 'counts only (n and c per problem): no samples, so no duplicate, truncation or empty-answer statistic'
      : !knowsDuplicates
        ? 'imported without texts: duplicates cannot be measured'
        : scan.emptyTexts > 0
          ? `${scan.emptyTexts} samples have no text; duplicates are counted among the ${withText} with text`
          : undefined;
  return {
    run: label,
    runId: run.id,
    model,
    benchmark,
    origin: origin.origin,
    samples: scan.samples,
    truncated: scan.truncated,
    truncationRate: rate(scan.truncated, scan.samples),
    duplicates: knowsDuplicates ? scan.duplicates : null,
    duplicateRate: knowsDuplicates ? rate(scan.duplicates, withText) : null,
    emptyTexts: scan.emptyTexts,
    errors: scan.errors,
    ...(note !== undefined ? { note } : {}),
  };
}
