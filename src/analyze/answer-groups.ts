/** Decides whether two final answers are the same answer (used to group answers per problem). */
export type AnswerEquivalence = (candidate: string, representative: string) => boolean;

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
 * it is equivalent to, else opens a new group. With `scoreLists` (the grader's verdicts, parallel
 * to `lists`), a spelling only ever graded correct is never compared with one only ever graded
 * wrong: the grader already decided they differ (one matches the gold, the other does not). At most
 * `maxComparisons` equivalence checks are made per problem (a verifier call costs 0.1–1.5 ms on
 * expressions, and garbage answers can make hundreds of spellings); past that the remaining
 * spellings group by exact spelling and `approximate` is set.
 */
export function groupAnswers(
  lists: ReadonlyArray<ReadonlyArray<string | null>>,
  same: AnswerEquivalence,
  maxComparisons = 100,
  scoreLists?: ReadonlyArray<ReadonlyArray<0 | 1> | undefined>,
): AnswerGrouping {
  const freq = new Map<string, { f: number; i: number; right: boolean; wrong: boolean }>();
  lists.forEach((list, li) => {
    const scores = scoreLists?.[li];
    list.forEach((raw, si) => {
      if (raw === null) return;
      const s = squeeze(raw);
      let e = freq.get(s);
      if (e === undefined) freq.set(s, (e = { f: 0, i: freq.size, right: false, wrong: false }));
      e.f++;
      if (scores === undefined) e.right = e.wrong = true;
      else if (scores[si] === 1) e.right = true;
      else e.wrong = true;
    });
  });
  const spellings = [...freq.entries()].sort((x, y) => y[1].f - x[1].f || x[1].i - y[1].i);
  const representatives: string[] = [];
  const repKind: Array<{ right: boolean; wrong: boolean }> = [];
  const bySpelling = new Map<string, number>();
  let comparisons = 0;
  let approximate = false;
  for (const [s, kind] of spellings) {
    let g = -1;
    for (let r = 0; r < representatives.length && !approximate; r++) {
      const rk = repKind[r]!;
      // Only-right against only-wrong (either way round): the grader has already told them apart.
      if ((kind.right && !kind.wrong && rk.wrong && !rk.right) || (kind.wrong && !kind.right && rk.right && !rk.wrong)) continue;
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
    if (g < 0) {
      g = representatives.length;
      representatives.push(s);
      repKind.push({ right: kind.right, wrong: kind.wrong });
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
