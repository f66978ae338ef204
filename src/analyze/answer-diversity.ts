import type { BootstrapOptions } from './bootstrap.js';
import type { GroupTally } from './answer-groups.js';
import { meanWithBands, type Estimate } from './mean-bands.js';

/**
 * Answer diversity and the guessing baseline of one model on one benchmark, from each problem's
 * answers grouped by equivalence (`groupAnswers` + `tallyGroups`).
 *
 * - Answer entropy: H = −Σ_g q_g log₂ q_g over the model's answer groups of the problem (q_g = share
 *   of its answered samples in group g; samples without an answer are left out and counted in
 *   `noAnswerRate`). The Invisible Leash reports that RL lowers this even when token entropy rises.
 * - Guessing baseline: a "model" that does no reasoning and draws an answer uniformly from the
 *   distinct answers this model produced for the problem (right and wrong pooled). One draw is
 *   right with probability q = (Σ_g correct_g/size_g) / G over the G groups, so k draws give
 *   1 − (1 − q)^k. On a five-option or small-integer answer space q is large and this curve reaches
 *   1 quickly: a large-k pass@k no higher than it shows nothing beyond the answer space.
 */
export interface AnswerDiversity {
  problems: number;
  /** Problems with at least one extracted answer (the entropy averages over these). */
  answered: number;
  entropyBits: Estimate | null;
  distinctAnswers: Estimate | null;
  noAnswerRate: number;
  guessing: Array<Estimate & { k: number }>;
}

export function answerEntropyBits(size: readonly number[]): number {
  const total = size.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  let h = 0;
  for (const s of size) if (s > 0) h -= (s / total) * Math.log2(s / total);
  return h;
}

/** Success probability of one uniform draw from the answer groups the tally holds. */
export function guessRate(t: GroupTally): number {
  let groups = 0;
  let right = 0;
  t.size.forEach((s, g) => {
    if (s === 0) return;
    groups++;
    right += t.correct[g]! / s;
  });
  return groups === 0 ? 0 : right / groups;
}

export function answerDiversity(tallies: readonly GroupTally[], ks: readonly number[], options: BootstrapOptions = {}): AnswerDiversity {
  const answered = tallies.filter((t) => t.size.some((s) => s > 0));
  let samples = 0;
  let noAnswer = 0;
  for (const t of tallies) {
    samples += t.noAnswer + t.size.reduce((a, b) => a + b, 0);
    noAnswer += t.noAnswer;
  }
  let entropyBits: Estimate | null = null;
  let distinctAnswers: Estimate | null = null;
  if (answered.length > 0) {
    const m = new Float64Array(answered.length * 2);
    answered.forEach((t, i) => {
      m[i * 2] = answerEntropyBits(t.size);
      m[i * 2 + 1] = t.size.filter((s) => s > 0).length;
    });
    [entropyBits, distinctAnswers] = meanWithBands(m, answered.length, 2, options) as [Estimate, Estimate];
  }
  const K = ks.length;
  const g = new Float64Array(tallies.length * K);
  tallies.forEach((t, i) => {
    const q = guessRate(t);
    ks.forEach((k, j) => (g[i * K + j] = -Math.expm1(k * Math.log1p(-Math.min(q, 1 - 1e-300)))));
  });
  const guessing = tallies.length > 0 ? meanWithBands(g, tallies.length, K, options).map((e, j) => ({ k: ks[j]!, ...e })) : [];
  return { problems: tallies.length, answered: answered.length, entropyBits, distinctAnswers, noAnswerRate: samples > 0 ? noAnswer / samples : 0, guessing };
}
