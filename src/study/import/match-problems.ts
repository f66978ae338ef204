import { InputError } from '../../errors.js';
import type { StudyStore } from '../store.js';
import type { BenchmarkRecord, ProblemRecord } from '../types.js';
import type { ImportedProblem } from './imported.js';

/** A built-in benchmark registered in the study, as a resolver hands it to the importer. */
export interface RegisteredBenchmark {
  benchmark: BenchmarkRecord;
  problems: ProblemRecord[];
}

/**
 * Finds and registers a built-in benchmark by name (null when the name is not one, or — unless
 * `explicit` — when its data is not on this machine: an import never downloads a benchmark the
 * user did not name). Supplied by the caller, which knows where benchmark data lives.
 */
export type BuiltinResolver = (store: StudyStore, name: string, explicit: boolean) => Promise<RegisteredBenchmark | null>;

export type MatchedBy = 'key' | 'text' | 'index' | 'new';

/** Lower-case, single spaces: problem texts from different tools differ in whitespace and case. */
const normalize = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The problems an import's rows go to. For a built-in benchmark a row matches by the problem's
 * id, else by its text (equal, or the imported prompt containing the question, since harnesses
 * store the templated prompt), else (rows without text only) by its row index when the source's id is one; a row that
 * matches nothing is an error naming it. For the file's own benchmark (no built-in one applies)
 * problems are found by the source's id and new ones are added with the gold the file carries.
 */
export class ProblemMatcher {
  private readonly byKey = new Map<string, ProblemRecord>();
  private readonly byText = new Map<string, ProblemRecord>();
  private readonly byIndex = new Map<number, ProblemRecord>();
  private nextIndex = 0;
  readonly counts: Record<MatchedBy, number> = { key: 0, text: 0, index: 0, new: 0 };

  constructor(
    readonly benchmark: BenchmarkRecord,
    problems: readonly ProblemRecord[],
    /** True for a built-in benchmark (its problems are fixed); false for the file's own. */
    readonly builtin: boolean,
  ) {
    for (const p of problems) this.remember(p);
  }

  /** The matched problem, or null when a built-in benchmark has none for this row. */
  async match(store: StudyStore, row: ImportedProblem): Promise<{ problem: ProblemRecord; by: MatchedBy } | null> {
    const found = this.find(row);
    if (found !== null) {
      this.counts[found.by]++;
      return found;
    }
    if (this.builtin) return null;
    await store.putProblems(this.benchmark.id, [
      { index: this.nextIndex, key: row.key, prompt: row.question ?? '', gold: row.gold, metadata: { imported_from: row.file } },
    ]);
    const created = await store.getProblemByKey(this.benchmark.id, row.key);
    if (created === null)
      throw new InputError(`problem ${JSON.stringify(row.key)} could not be added to benchmark ${JSON.stringify(this.benchmark.name)}`, {
        file: row.file,
        line: row.line,
      });
    this.remember(created);
    this.counts.new++;
    return { problem: created, by: 'new' };
  }

  private find(row: ImportedProblem): { problem: ProblemRecord; by: MatchedBy } | null {
    const byKey = this.byKey.get(row.key);
    if (byKey) return { problem: byKey, by: 'key' };
    if (!this.builtin) return null;
    if (row.question !== null) {
      const text = normalize(row.question);
      const exact = this.byText.get(text);
      if (exact) return { problem: exact, by: 'text' };
      // The longest benchmark question inside the imported prompt (templates wrap the question).
      let best: ProblemRecord | null = null;
      let bestLength = 0;
      for (const [q, p] of this.byText) {
        if (q.length > bestLength && q.length >= 16 && text.includes(q)) {
          best = p;
          bestLength = q.length;
        }
      }
      if (best) return { problem: best, by: 'text' };
    }
    // A row index alone is trusted only when the row has no text to check it against: a text that
    // matches nothing means another benchmark (or split), whatever its position.
    if (row.keyIsIndex && row.question === null) {
      const byIndex = this.byIndex.get(Number(row.key));
      if (byIndex) return { problem: byIndex, by: 'index' };
    }
    return null;
  }

  private remember(p: ProblemRecord): void {
    this.byKey.set(p.key, p);
    this.byIndex.set(p.index, p);
    if (p.prompt !== '') this.byText.set(normalize(p.prompt), p);
    this.nextIndex = Math.max(this.nextIndex, p.index + 1);
  }
}
