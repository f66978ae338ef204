import { describe, expect, it } from 'vitest';
import { answerDiversity, answerEntropyBits, groupAnswers, guessRate, tallyGroups } from '../../src/analyze/index.js';
import { canonicalDecimal, mathAnswerEquivalence } from '../../src/verify/math/index.js';
import { gradeMath } from '../../src/verify/math/index.js';

describe('answer groups by the math verifier', () => {
  const same = mathAnswerEquivalence();

  it('puts equivalent spellings in one group across models and keeps different answers apart', () => {
    const base = ['\\frac{1}{2}', '0.5', '1/2', '3', null, '3.0'];
    const rl = ['\\dfrac{1}{2}', '2', '0.50'];
    const g = groupAnswers([base, rl], same);
    const of = (s: string): number => g.groupOf.get(s)!;
    expect(of('\\frac{1}{2}')).toBe(of('0.5'));
    expect(of('0.5')).toBe(of('1/2'));
    expect(of('\\dfrac{1}{2}')).toBe(of('0.50'));
    expect(of('3')).toBe(of('3.0'));
    expect(of('3')).not.toBe(of('0.5'));
    expect(of('2')).not.toBe(of('3'));
    expect(g.representatives.length).toBe(3);
    expect(g.approximate).toBe(false);
  });

  it('its plain-decimal shortcut decides exactly as the verifier does', () => {
    const cases = ['27', '27.0', '027', '-0', '0', '0.270', '0.27', '-3.50', '-3.5', '+4', '4', '100', '1e2'];
    for (const a of cases) {
      for (const b of cases) {
        if (canonicalDecimal(a) === null || canonicalDecimal(b) === null) continue;
        expect(same(a, b), `${a} vs ${b}`).toBe(gradeMath({ pred: a, gold: b }).correct);
      }
    }
    expect(canonicalDecimal('1e2')).toBeNull();
  });

  it('stops comparing at the budget and says so', () => {
    const many = Array.from({ length: 50 }, (_, i) => `x^{${i}}`);
    const g = groupAnswers([many], () => false, 100);
    expect(g.approximate).toBe(true);
    expect(g.representatives.length).toBe(50);
  });
});

describe('answer entropy and the guessing baseline', () => {
  it('entropy in bits of the answer distribution', () => {
    expect(answerEntropyBits([8])).toBe(0);
    expect(answerEntropyBits([4, 4])).toBeCloseTo(1, 12);
    expect(answerEntropyBits([2, 2, 2, 2, 0])).toBeCloseTo(2, 12);
  });

  it('a multiple-choice answer space gives a high guessing pass@k that a model must beat', () => {
    // Five options seen, one right: a blind guess is right 1 time in 5, so 16 guesses almost surely hit.
    const g = groupAnswers([['A', 'B', 'C', 'D', 'E', 'A', 'A']], (a, b) => a === b);
    const t = tallyGroups(g, ['A', 'B', 'C', 'D', 'E', 'A', 'A'], [1, 0, 0, 0, 0, 1, 1]);
    expect(guessRate(t)).toBeCloseTo(0.2, 12);
    const r = answerDiversity([t], [1, 16], { resamples: 50 });
    expect(r.guessing[0]!.value).toBeCloseTo(0.2, 12);
    expect(r.guessing[1]!.value).toBeCloseTo(1 - 0.8 ** 16, 12);
    expect(r.entropyBits!.value).toBeCloseTo(answerEntropyBits([3, 1, 1, 1, 1]), 12);
    expect(r.distinctAnswers!.value).toBe(5);
  });

  it('samples without an answer are counted apart, and problems without any answer guess at 0', () => {
    const g = groupAnswers(
      [
        [null, null],
        ['7', null],
      ],
      (a, b) => a === b,
    );
    const none = tallyGroups(g, [null, null], [0, 0]);
    const some = tallyGroups(g, ['7', null], [1, 0]);
    const r = answerDiversity([none, some], [4], { resamples: 50 });
    expect(r.answered).toBe(1);
    expect(r.noAnswerRate).toBeCloseTo(3 / 4, 12);
    expect(r.guessing[0]!.value).toBeCloseTo(0.5, 12);
  });
});
