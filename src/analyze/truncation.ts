import { InputError } from '../errors.js';
import { bootstrapPassAtK, type BootstrapOptions } from './bootstrap.js';
import type { Estimate } from './mean-bands.js';
import type { ProblemOutcome } from './outcome.js';

/**
 * Per-sample facts the truncation analyses need, in sample order: correctness, whether the
 * response stopped at the token limit (finish reason "length"), and its completion tokens (null
 * when the server did not say).
 */
export interface SampleFacts {
  problemId: string;
  scores: readonly (0 | 1)[];
  truncated: readonly boolean[];
  tokens: readonly (number | null)[];
}

export const DEFAULT_TOKEN_BUDGETS: readonly number[] = [4096, 8192, 16384];

type Curve = Array<Estimate & { k: number }>;

export interface TruncationAnalysis {
  samples: number;
  truncated: number;
  truncationRate: number;
  /** The verdicts as stored (a truncated response is usually graded wrong: it has no final answer). */
  asGraded: Curve;
  /** Truncated responses unscored: dropped from n (and from c if graded correct). */
  unscored: { points: Curve; problems: number; droppedProblems: string[]; note: string | null };
  /** pass@k if every response were cut at the budget: correct only when it ended within it. */
  budgets: Array<{ budget: number; points: Curve; overBudget: number }>;
  /** Why `budgets` is empty, when it is. */
  budgetNote: string | null;
}

const toCurve = (r: ReturnType<typeof bootstrapPassAtK>): Curve => r.k.map((k, i) => ({ k, value: r.passAtK[i]!, lo: r.ciLow[i]!, hi: r.ciHigh[i]! }));

export function truncationAnalysis(
  rows: readonly SampleFacts[],
  budgets: readonly number[] = DEFAULT_TOKEN_BUDGETS,
  options: BootstrapOptions = {},
): TruncationAnalysis {
  if (rows.length === 0) throw new InputError('truncation analysis: no problems to analyze');
  for (const b of budgets) if (!Number.isInteger(b) || b < 1) throw new InputError(`token budget must be a positive integer (got ${b})`, { field: 'budgets' });
  let samples = 0;
  let truncated = 0;
  let unknownTokens = 0;
  const asGraded: ProblemOutcome[] = [];
  const unscored: ProblemOutcome[] = [];
  const dropped: string[] = [];
  for (const r of rows) {
    const n = r.scores.length;
    if (r.truncated.length !== n || r.tokens.length !== n)
      throw new InputError(`problem ${JSON.stringify(r.problemId)}: scores, truncation flags and token counts differ in length`, { field: 'samples' });
    let c = 0;
    let nKept = 0;
    let cKept = 0;
    for (let i = 0; i < n; i++) {
      const s = r.scores[i]!;
      c += s;
      if (r.truncated[i]) truncated++;
      else {
        nKept++;
        cKept += s;
      }
      if (r.tokens[i] === null) unknownTokens++;
    }
    samples += n;
    asGraded.push({ problemId: r.problemId, n, c });
    if (nKept > 0) unscored.push({ problemId: r.problemId, n: nKept, c: cKept });
    else dropped.push(r.problemId);
  }
  const graded = bootstrapPassAtK(asGraded, 'pow2', options);
  const kept = unscored.length > 0 ? bootstrapPassAtK(unscored, 'pow2', options) : null;
  let budgetNote: string | null = null;
  const perBudget: TruncationAnalysis['budgets'] = [];
  if (unknownTokens > 0) budgetNote = `${unknownTokens} of ${samples} samples have no completion token count; per-budget pass@k needs every count`;
  else {
    for (const budget of budgets) {
      let over = 0;
      const cut = rows.map((r) => {
        let c = 0;
        r.scores.forEach((s, i) => {
          if (r.tokens[i]! > budget) over++;
          else if (!r.truncated[i]) c += s;
        });
        return { problemId: r.problemId, n: r.scores.length, c };
      });
      perBudget.push({ budget, points: toCurve(bootstrapPassAtK(cut, 'pow2', options)), overBudget: over });
    }
  }
  return {
    samples,
    truncated,
    truncationRate: samples > 0 ? truncated / samples : 0,
    asGraded: toCurve(graded),
    unscored: {
      points: kept ? toCurve(kept) : [],
      problems: unscored.length,
      droppedProblems: dropped,
      note: kept?.note ?? (kept ? null : 'every sample of every problem was truncated'),
    },
    budgets: perBudget,
    budgetNote,
  };
}
