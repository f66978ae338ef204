import { InputError } from '../errors.js';
import { type ProblemOutcome } from './outcome.js';

/** ln(i!) for i = 0..n, so binomials of large n stay in log space. */
function logFactorials(n: number): Float64Array {
  const t = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) t[i] = t[i - 1] + Math.log(i);
  return t;
}

/**
 * Unbiased maj@k of one problem: the probability that majority voting over k samples drawn without
 * replacement from the n recorded ones picks a correct answer. Samples vote with their extracted
 * answer (exact string match); samples without an answer (`null`) abstain, and if all k abstain
 * the vote fails. Ties between the leading answers are broken uniformly at random, so a tie
 * counts fractionally. An answer group whose samples were graded differently counts with the
 * fraction of its samples graded correct.
 *
 * Exact: for each correct answer group g and each count x it receives, a dynamic program over the
 * other answer groups sums the multivariate hypergeometric probability that no other group gets
 * more than x votes, tracking how many tie at x. Probabilities are kept as ratios of binomials
 * (each ≤ 1) so nothing overflows at n in the thousands.
 */
export function majAtKProblem(o: ProblemOutcome, k: number): number {
  const { answers, scores } = o;
  if (answers === undefined || scores === undefined)
    throw new InputError(`maj@k needs extracted answers and per-sample scores, which problem ${JSON.stringify(o.problemId)} lacks`, { field: 'answers' });
  if (!Number.isInteger(k) || k < 1 || k > o.n)
    throw new InputError(`k must be an integer in [1, n=${o.n}] for problem ${JSON.stringify(o.problemId)} (got ${k})`, { field: 'k' });
  const groups = new Map<string, { size: number; correct: number }>();
  let abstain = 0;
  answers.forEach((a, i) => {
    if (a === null) {
      abstain++;
      return;
    }
    const g = groups.get(a) ?? { size: 0, correct: 0 };
    g.size++;
    g.correct += scores[i];
    groups.set(a, g);
  });
  const lf = logFactorials(o.n);
  const lC = (a: number, b: number): number => lf[a] - lf[b] - lf[a - b];
  const all = [...groups.values()];
  let total = 0;
  all.forEach((g, gi) => {
    if (g.correct === 0) return;
    const others = all.filter((_, hi) => hi !== gi).map((h) => h.size);
    for (let x = 1; x <= Math.min(g.size, k); x++) total += (g.correct / g.size) * winProbability(g.size, x, others, abstain, o.n, k, lC);
  });
  return total;
}

/** P(group of size `size` gets exactly x of k votes, no other group more), ties split evenly. */
function winProbability(size: number, x: number, others: number[], abstain: number, n: number, k: number, lC: (a: number, b: number) => number): number {
  const J = k - x; // votes left for the other groups and the abstainers
  const T = Math.min(others.length, Math.floor(J / x)); // most groups that can tie at x
  const width = T + 1;
  // W[j][t] = Σ ∏ C(m_h, y_h) / C(M, j) over the groups seen so far (total size M), j votes, t ties.
  let W = new Float64Array((J + 1) * width);
  W[0] = 1;
  let M = 0;
  for (const m of others) {
    const next = new Float64Array((J + 1) * width);
    for (let j = 0; j <= Math.min(M, J); j++) {
      for (let t = 0; t <= T; t++) {
        const w = W[j * width + t];
        if (w === 0) continue;
        for (let y = 0; y <= Math.min(m, x, J - j); y++) {
          const tt = y === x ? t + 1 : t;
          if (tt > T) continue;
          next[(j + y) * width + tt] += w * Math.exp(lC(M, j) + lC(m, y) - lC(M + m, j + y));
        }
      }
    }
    M += m;
    W = next;
  }
  let p = 0;
  for (let j = 0; j <= Math.min(M, J); j++) {
    const rest = J - j;
    if (rest > abstain) continue;
    const scale = Math.exp(lC(size, x) + lC(M, j) + lC(abstain, rest) - lC(n, k));
    for (let t = 0; t <= T; t++) p += (scale * W[j * width + t]) / (t + 1);
  }
  return p;
}

/** Dataset maj@k: the mean of the per-problem unbiased estimate (every problem needs answers). */
export function majAtK(outcomes: readonly ProblemOutcome[], k: number): number {
  if (outcomes.length === 0) throw new InputError('maj@k: no problems to analyze');
  let s = 0;
  for (const o of outcomes) s += majAtKProblem(o, k);
  return s / outcomes.length;
}
