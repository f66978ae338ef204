import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradeMath, type MathPolicy } from '../../../src/verify/math/index.js';

/**
 * The letter rule: one letter is never another. Answers made only of letters name choices,
 * points or segments (AMC choices, geometry answers); renaming arbitrary constants applies only
 * next to a real variable (x + C vs x + k). The real Qwen grader rejects every case below too.
 */
const POLICIES: MathPolicy[] = ['strict', 'paper'];
const REJECT: [string, string][] = [
  ['AB', 'CD'],
  ['2A', '2B'],
  ['(A,B)', '(C,D)'],
  ['A+B', 'C+D'],
  ['B', 'A'],
  ['D', 'C'],
  ['(B)', '\\text{(A)}'],
  ['C_1', 'C_2'],
];

describe('letters are never renamed into other letters', () => {
  for (const policy of POLICIES)
    for (const [pred, gold] of REJECT)
      it(`${policy}: ${pred} ≠ ${gold}`, () => {
        for (const v of [gradeMath({ pred, gold, policy }), gradeMath({ response: `So the answer is $\\boxed{${pred}}$.`, gold, policy })])
          expect(v.correct, v.reason).toBe(false);
      });

  it('strict: case matters (K and k are different names); paper, like the Qwen grader, compares strings case-insensitively', () => {
    for (const [pred, gold] of [
      ['K', 'k'],
      ['c', 'C'],
      ['ab', 'AB'],
    ]) {
      expect(gradeMath({ pred, gold }).correct).toBe(false);
      expect(gradeMath({ pred, gold, policy: 'paper' }).correct).toBe(true);
    }
  });

  it('strict: integration constants are still renamed next to a real variable', () => {
    expect(gradeMath({ pred: 'x^2 + C', gold: 'x^2 + k' }).correct).toBe(true);
    expect(gradeMath({ pred: 'A + \\frac{B}{x} - x', gold: '-x + C + \\frac{D}{x}' }).correct).toBe(true);
    expect(gradeMath({ pred: 'x^2 + C', gold: 'x^3 + k' }).correct).toBe(false);
  });

  it('the same letter answer is still equal to itself', () => {
    for (const policy of POLICIES) {
      expect(gradeMath({ pred: 'AB', gold: 'AB', policy }).correct).toBe(true);
      expect(gradeMath({ pred: '(A, B)', gold: '(A,B)', policy }).correct).toBe(true);
    }
  });
});

const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.split(''));
interface LetterAnswer {
  kind: 'letter' | 'product' | 'tuple';
  text: string;
  /** Equal keys mean mathematically equal answers (a product is commutative). */
  key: string;
}
/** A single letter, a product of letters (`AB`, `2A`) or a tuple of 2–3 letters. */
const letterAnswer: fc.Arbitrary<LetterAnswer> = fc.oneof(
  letter.map((l) => ({ kind: 'letter' as const, text: l, key: l })),
  fc.array(letter, { minLength: 2, maxLength: 3 }).map((ls) => ({ kind: 'product' as const, text: ls.join(''), key: `*${[...ls].sort().join('')}` })),
  fc.tuple(fc.integer({ min: 2, max: 9 }), letter).map(([k, l]) => ({ kind: 'product' as const, text: `${k}${l}`, key: `${k}*${l}` })),
  fc.array(letter, { minLength: 2, maxLength: 3 }).map((ls) => ({ kind: 'tuple' as const, text: `(${ls.join(', ')})`, key: `(${ls.join(',')})` })),
);
const asGraderSees = (key: string): string => key.toLowerCase().replace(/j/g, 'i');
const distinct = (a: LetterAnswer, b: LetterAnswer): boolean => a.key !== b.key;

describe('property: distinct letter answers are never equal', () => {
  it('strict, any two letter answers (case matters)', () => {
    fc.assert(
      fc.property(letterAnswer, letterAnswer, (a, b) => {
        fc.pre(distinct(a, b));
        return !gradeMath({ pred: a.text, gold: b.text }).correct && !gradeMath({ response: `The answer is $\\boxed{${a.text}}$.`, gold: b.text }).correct;
      }),
      { numRuns: 3000, seed: 19 },
    );
  });

  // The Qwen grader compares strings case-insensitively and, for a gold letter A–E, accepts any
  // prediction whose last standalone letter it is ((A, B) for B); its strip_string also rewrites
  // j as the imaginary unit i. paper keeps these quirks, so the property is stated for answers of
  // one kind that still differ after them.
  it('paper, two letter answers of the same kind that differ beyond case', () => {
    fc.assert(
      fc.property(letterAnswer, letterAnswer, (a, b) => {
        fc.pre(distinct(a, b) && a.kind === b.kind && asGraderSees(a.key) !== asGraderSees(b.key));
        return !gradeMath({ pred: a.text, gold: b.text, policy: 'paper' }).correct;
      }),
      { numRuns: 3000, seed: 19 },
    );
  });
});
