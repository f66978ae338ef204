import { InputError } from '../errors.js';
import { sampleCounts, validateOutcomes, type ProblemOutcome } from './outcome.js';

/**
 * Unbiased pass@k of one problem (Chen et al. 2021): the probability that at least one of k
 * samples drawn without replacement from n (c of them correct) is correct,
 * 1 − C(n−c, k) / C(n, k), and exactly 1 when n − c < k.
 *
 * Computed as a product of min(k, c) ratios, never through binomials (they overflow at n ≈ 1,030):
 * C(n−c,k)/C(n,k) = ∏_{i=0}^{k−1} (n−c−i)/(n−i) = ∏_{j=0}^{c−1} (n−k−j)/(n−j).
 */
export function passAtK(n: number, c: number, k: number): number {
  checkNck(n, c, k);
  if (c === 0) return 0;
  if (n - c < k) return 1;
  let q = 1;
  if (k <= c) for (let i = 0; i < k; i++) q *= (n - c - i) / (n - i);
  else for (let j = 0; j < c; j++) q *= (n - k - j) / (n - j);
  return 1 - q;
}

/**
 * pass@k of one problem for every k = 1..n at once (index k−1), in O(n): the failure probability
 * q(k) = C(n−c,k)/C(n,k) satisfies q(k) = q(k−1)·(n−c−k+1)/(n−k+1), a running product that reaches
 * exactly 0 at k = n−c+1 (so the n − c < k ⇒ 1 rule holds without a branch).
 */
export function passAtKCurve(n: number, c: number, out: Float64Array = new Float64Array(n)): Float64Array {
  checkNck(n, c, 1);
  let q = 1;
  for (let k = 1; k <= n; k++) {
    q *= (n - c - k + 1) / (n - k + 1);
    out[k - 1] = 1 - q;
  }
  return out;
}

/**
 * Unbiased pass^k ("all k correct"): the probability that k samples drawn without replacement
 * are all correct, C(c,k)/C(n,k) = ∏_{i=0}^{k−1} (c−i)/(n−i).
 */
export function passHatK(n: number, c: number, k: number): number {
  checkNck(n, c, k);
  if (c < k) return 0;
  let p = 1;
  for (let i = 0; i < k; i++) p *= (c - i) / (n - i);
  return p;
}

function checkNck(n: number, c: number, k: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer ≥ 1 (got ${n})`);
  if (!Number.isInteger(c) || c < 0 || c > n) throw new RangeError(`c must be an integer in [0, ${n}] (got ${c})`);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`k must be an integer in [1, n=${n}] (got ${k})`);
}

/** Which k to evaluate: an explicit list, every k up to the smallest n, or powers of two up to it. */
export type KSelection = readonly number[] | 'all' | 'pow2';

/** The k values actually used, and how the sample counts constrained them. */
export interface KPlan {
  k: number[];
  nMin: number;
  nMax: number;
  ragged: boolean;
  /** Human-readable explanation when problems have different n (k stops at the smallest n). */
  note: string | null;
}

/** Powers of two 1, 2, 4, … up to `max`, plus `max` itself when it is not a power of two. */
export function powersOfTwoUpTo(max: number): number[] {
  const ks: number[] = [];
  for (let k = 1; k <= max; k *= 2) ks.push(k);
  if (ks[ks.length - 1] !== max) ks.push(max);
  return ks;
}

/**
 * Resolves a k selection against the problems' sample counts. With ragged n the default runs k up
 * to the smallest n and says so in `note`; an explicit k beyond some problem's n is an error that
 * names those problems (dropping them, or the k, silently would change the answer).
 */
export function planKs(outcomes: readonly ProblemOutcome[], selection: KSelection = 'all'): KPlan {
  validateOutcomes(outcomes);
  const { nMin, nMax, ragged } = sampleCounts(outcomes);
  let k: number[];
  if (selection === 'all') k = Array.from({ length: nMin }, (_, i) => i + 1);
  else if (selection === 'pow2') k = powersOfTwoUpTo(nMin);
  else {
    for (const v of selection) if (!Number.isInteger(v) || v < 1) throw new InputError(`k must be a positive integer (got ${v})`, { field: 'k' });
    k = [...new Set(selection)].sort((x, y) => x - y);
    if (k.length === 0) throw new InputError('no k values given', { field: 'k' });
    const kMax = k[k.length - 1];
    if (kMax > nMin) {
      const short = outcomes.filter((o) => o.n < kMax);
      const ids = short
        .slice(0, 5)
        .map((o) => `${o.problemId} (n=${o.n})`)
        .join(', ');
      throw new InputError(
        `k=${kMax} exceeds the sample count of ${short.length} problem(s): ${ids}${short.length > 5 ? ', …' : ''}; the largest k every problem supports is ${nMin}`,
        { field: 'k' },
      );
    }
  }
  const note = ragged ? `problems have between ${nMin} and ${nMax} samples; k runs up to the smallest n (${nMin}) so every problem counts at every k` : null;
  return { k, nMin, nMax, ragged, note };
}

/**
 * Per-problem pass@k for the given ks, as a row-major matrix (row = problem, column = k index).
 * This is the one expensive step; averages and bootstrap resamples are then sums over rows.
 * `ks` must come from `planKs` (ascending, unique, none above any problem's n).
 */
export function passAtKMatrix(outcomes: readonly ProblemOutcome[], ks: readonly number[]): Float64Array {
  const K = ks.length;
  const m = new Float64Array(outcomes.length * K);
  const kMax = ks[K - 1];
  outcomes.forEach((o, p) => {
    // The recurrence of passAtKCurve, run only as far as the largest requested k.
    const n = o.n;
    const c = o.c;
    let q = 1;
    let j = 0;
    for (let k = 1; k <= kMax; k++) {
      q *= (n - c - k + 1) / (n - k + 1);
      if (k === ks[j]) m[p * K + j++] = 1 - q;
    }
  });
  return m;
}

/** Column means of a row-major matrix (the dataset-level value at each k). */
export function columnMeans(matrix: Float64Array, rows: number, cols: number): number[] {
  const sums = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let j = 0; j < cols; j++) sums[j] += matrix[base + j];
  }
  return Array.from(sums, (s) => s / rows);
}

/** Dataset pass@k: the mean over problems of the per-problem unbiased estimate. */
export interface PassAtKCurve extends KPlan {
  passAtK: number[];
  problems: number;
}

export function datasetPassAtK(outcomes: readonly ProblemOutcome[], selection: KSelection = 'all'): PassAtKCurve {
  const plan = planKs(outcomes, selection);
  const matrix = passAtKMatrix(outcomes, plan.k);
  return { ...plan, passAtK: columnMeans(matrix, outcomes.length, plan.k.length), problems: outcomes.length };
}
