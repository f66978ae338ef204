import { beforeAll, describe, expect, it } from 'vitest';
import {
  absenceUpperBound,
  certifiedAbsence,
  coverCurve,
  gPassAtK,
  gPassAtKProblem,
  outcomeFromScores,
  passAtK,
  passAtKBeyond,
  type ProblemOutcome,
} from '../../src/analyze/index.js';
import { CharTokenizer, createModel, generate } from '../../src/lab/model/index.js';
import { AdamW, responseMask, trainStep, weightedNll } from '../../src/lab/train/index.js';
import { Rng } from '../../src/lab/tensor/rng.js';

/**
 * A lab study where the truth is known: a tiny transformer half-taught to reverse 4-letter words
 * (40 steps: per-word success rates of 0–11 %), 24 words as problems, 320 samples each. The
 * analyses see only the first 16 samples of each word; the "truth" is the same quantity from all
 * 320 — 20× the samples, on the same problems.
 */
const SMALL_N = 16;
const LARGE_N = 320;
const WORDS = 24;

let small: ProblemOutcome[];
let large: ProblemOutcome[];

beforeAll(() => {
  const tok = CharTokenizer.withDefaultSpecials('abcdef=');
  const model = createModel({ layers: 2, dModel: 32, heads: 4, context: 12, vocab: tok.vocabSize }, { seed: 0 });
  const opt = new AdamW(model, { beta1: 0.9, beta2: 0.95, weightDecay: 0.01 });
  const rng = new Rng(1);
  const word = (r: Rng): string => Array.from({ length: 4 }, () => 'abcdef'[r.int(6)]).join('');
  for (let step = 0; step < 40; step++) {
    const words = Array.from({ length: 32 }, () => word(rng));
    const prompts = words.map((w) => tok.encode(`${w}=`, { addBos: true }));
    const batch = model.pack(words.map((w, i) => [...prompts[i]!, ...tok.encode([...w].reverse().join('')), tok.eos]));
    trainStep(
      model,
      opt,
      [batch],
      (out) =>
        weightedNll(
          out,
          responseMask(
            batch,
            prompts.map((p) => p.length),
          ),
        ),
      { lr: 1e-2, maxGradNorm: 1 },
    );
  }
  const probe = new Rng(99);
  large = Array.from({ length: WORDS }, (_, i) => {
    const w = word(probe);
    const want = [...w].reverse().join('');
    const outs = generate(model, tok, { prompt: `${w}=`, n: LARGE_N, seed: 1000 + i }, { temperature: 1, maxTokens: 6 });
    return outcomeFromScores(
      `w${i}-${w}`,
      outs.map((o) => o.text === want),
    );
  });
  small = large.map((o) => outcomeFromScores(o.problemId, o.scores!.slice(0, SMALL_N)));
}, 120_000);

describe('a lab study checked against 20× the samples', () => {
  it('the study is in the regime the analyses are for: rare successes, several 0-of-16 problems', () => {
    expect(small.filter((o) => o.c === 0).length).toBeGreaterThanOrEqual(3);
    expect(large.filter((o) => o.c > 0).length).toBeGreaterThan(small.filter((o) => o.c > 0).length);
  });

  it('pass@k beyond n: the band from 16 samples contains pass@64 measured with 320', () => {
    const truth = large.reduce((s, o) => s + passAtK(o.n, o.c, 4 * SMALL_N), 0) / WORDS;
    const p = passAtKBeyond(small, { k: [4 * SMALL_N], draws: 1000 }).points[0]!;
    expect(truth).toBeGreaterThanOrEqual(p.lo);
    expect(truth).toBeLessThanOrEqual(p.hi);
  });

  it('certified absence: every word with 0 of 16 has a measured rate below its bound', () => {
    const bound = absenceUpperBound(SMALL_N);
    for (const u of certifiedAbsence(small).unsolved) {
      const o = large.find((x) => x.problemId === u.problemId)!;
      expect(u.upper).toBeCloseTo(bound, 12);
      expect(o.c / o.n).toBeLessThan(bound);
    }
  });

  it('cover@τ and G-Pass@k intervals from 16 samples contain the 320-sample values', () => {
    const tau = 0.05;
    const truthCover = large.filter((o) => o.c / o.n >= tau).length / WORDS;
    const c = coverCurve(small, [tau], { resamples: 2000 })[0]!;
    expect(truthCover).toBeGreaterThanOrEqual(c.lo);
    expect(truthCover).toBeLessThanOrEqual(c.hi);
    const truthG = large.reduce((s, o) => s + gPassAtKProblem(o.n, o.c, 8, 0.25), 0) / WORDS;
    const g = gPassAtK(small, [8], [0.25], { resamples: 2000 }).curves[0]!.points[0]!;
    expect(truthG).toBeGreaterThanOrEqual(g.lo);
    expect(truthG).toBeLessThanOrEqual(g.hi);
  });
});
