import type { AnswerEquivalence } from './math-equivalence.js';

/**
 * Final answers of one problem grouped into equivalence classes, shared by every model's samples
 * so that "the same answer" means the same thing for the base and the RL model.
 */
export interface AnswerGrouping {
  /** One representative spelling per group (the most frequent spelling seen first). */
  representatives: string[];
  /** Group index of every distinct answer string seen. */
  groupOf: Map<string, number>;
  /** True when the comparison budget ran out and the remaining spellings were grouped by exact text only. */
  approximate: boolean;
  /** Equivalence checks made. */
  comparisons: number;
}

/** Whitespace-free spelling: "x = 2" and "x=2" need no verifier call to be one answer. */
const squeeze = (s: string): string => s.replace(/\s+/g, '').replace(/^\$+|\$+$/g, '');

/**
 * Groups the answers of all the given lists (one list per model, `null` = no answer extracted).
 * Spellings are visited most frequent first and each joins the first group whose representative
 * it is equivalent to, else opens a new group: O(spellings × groups) equivalence checks, capped at
 * `maxComparisons` (then the rest group by exact spelling and `approximate` is set — a verifier
 * call costs ~80 µs, and garbage answers can make thousands of spellings).
 */
export function groupAnswers(lists: ReadonlyArray<ReadonlyArray<string | null>>, same: AnswerEquivalence, maxComparisons = 5000): AnswerGrouping {
  const freq = new Map<string, number>();
  const order: string[] = [];
  for (const list of lists) {
    for (const raw of list) {
      if (raw === null) continue;
      const s = squeeze(raw);
      const f = freq.get(s);
      if (f === undefined) {
        freq.set(s, 1);
        order.push(s);
      } else freq.set(s, f + 1);
    }
  }
  const spellings = order.map((s, i) => ({ s, i, f: freq.get(s)! })).sort((x, y) => y.f - x.f || x.i - y.i);
  const representatives: string[] = [];
  const bySpelling = new Map<string, number>();
  let comparisons = 0;
  let approximate = false;
  for (const { s } of spellings) {
    let g = -1;
    if (!approximate) {
      for (let r = 0; r < representatives.length; r++) {
        if (comparisons >= maxComparisons) {
          approximate = true;
          break;
        }
        comparisons++;
        if (same(s, representatives[r]!)) {
          g = r;
          break;
        }
      }
    }
    if (g < 0) {
      g = representatives.length;
      representatives.push(s);
    }
    bySpelling.set(s, g);
  }
  const groupOf = new Map<string, number>();
  for (const list of lists) for (const raw of list) if (raw !== null && !groupOf.has(raw)) groupOf.set(raw, bySpelling.get(squeeze(raw))!);
  return { representatives, groupOf, approximate, comparisons };
}

/** Per-group sample counts and correct counts of one model's samples of the problem. */
export interface GroupTally {
  /** Samples per group (index = group). */
  size: number[];
  /** Samples graded correct per group. */
  correct: number[];
  /** Samples with no extracted answer. */
  noAnswer: number;
}

export function tallyGroups(grouping: AnswerGrouping, answers: ReadonlyArray<string | null>, scores: ReadonlyArray<0 | 1> | undefined): GroupTally {
  const G = grouping.representatives.length;
  const size = new Array<number>(G).fill(0);
  const correct = new Array<number>(G).fill(0);
  let noAnswer = 0;
  answers.forEach((a, i) => {
    if (a === null) {
      noAnswer++;
      return;
    }
    const g = grouping.groupOf.get(a);
    if (g === undefined) return;
    size[g]!++;
    if (scores?.[i] === 1) correct[g]!++;
  });
  return { size, correct, noAnswer };
}
