import { validateOutcomes, type ProblemOutcome } from './outcome.js';

/** One bin of the per-problem accuracy histogram. */
export interface AccuracyBin {
  label: string;
  /** Bin edges; `lowClosed`/`highClosed` say whether each edge belongs to the bin. */
  low: number;
  high: number;
  lowClosed: boolean;
  highClosed: boolean;
  count: number;
  fraction: number;
  problemIds: string[];
}

/**
 * The paper's bins (Fig. 5, 13): {0}, (0,0.1], (0.1,0.2], …, (0.8,0.9], (0.9,1), {1} — twelve bins,
 * so that "never solved" and "always solved" are counted apart from their neighbours.
 */
export function accuracyBins(): Omit<AccuracyBin, 'count' | 'fraction' | 'problemIds'>[] {
  const bins: Omit<AccuracyBin, 'count' | 'fraction' | 'problemIds'>[] = [{ label: '0', low: 0, high: 0, lowClosed: true, highClosed: true }];
  for (let i = 0; i < 10; i++) {
    const low = i / 10;
    const high = (i + 1) / 10;
    const last = i === 9;
    bins.push({ label: `(${low.toFixed(1)},${high.toFixed(1)}${last ? ')' : ']'}`, low, high, lowClosed: false, highClosed: !last });
  }
  bins.push({ label: '1', low: 1, high: 1, lowClosed: true, highClosed: true });
  return bins;
}

/**
 * Bin index of accuracy c/n, decided with integers (10·c ≤ j·n) so that e.g. 1/10 lands in
 * (0,0.1] exactly, with no floating-point edge effects.
 */
export function accuracyBinIndex(n: number, c: number): number {
  if (c === 0) return 0;
  if (c === n) return 11;
  for (let j = 1; j <= 10; j++) if (10 * c <= j * n) return j;
  return 10; // unreachable: c < n implies 10c < 10n
}

/** Histogram of per-problem accuracy c/n with the paper's bins. */
export function accuracyHistogram(outcomes: readonly ProblemOutcome[]): AccuracyBin[] {
  validateOutcomes(outcomes);
  const bins: AccuracyBin[] = accuracyBins().map((b) => ({ ...b, count: 0, fraction: 0, problemIds: [] }));
  for (const o of outcomes) {
    const bin = bins[accuracyBinIndex(o.n, o.c)];
    bin.count++;
    bin.problemIds.push(o.problemId);
  }
  for (const b of bins) b.fraction = b.count / outcomes.length;
  return bins;
}
