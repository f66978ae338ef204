import { describe, expect, it } from 'vitest';
import { gradeMath, MATH_VERIFIER_VERSION } from '../../../src/verify/math/index.js';
import { CORPUS } from './corpus.js';

const label = (c: (typeof CORPUS)[number]): string => `${c.note}: ${JSON.stringify((c.pred ?? c.response ?? '').slice(0, 60))} vs ${JSON.stringify(c.gold)}`;
const input = (c: (typeof CORPUS)[number]) => (c.pred !== undefined ? { pred: c.pred } : { response: c.response ?? '' });

describe('regression corpus, strict policy (mathematically right label)', () => {
  for (const c of CORPUS) {
    it(label(c), () => {
      const v = gradeMath({ ...input(c), gold: c.gold, policy: 'strict', benchmark: c.benchmark });
      expect(v.correct, v.reason).toBe(c.strict);
      expect(v.policy).toBe('strict');
      expect(v.version).toBe(MATH_VERIFIER_VERSION);
      expect(v.reason.length).toBeGreaterThan(0);
    });
  }
});

describe('regression corpus, paper policy (the Qwen2.5-Math grader verdict)', () => {
  for (const c of CORPUS.filter((x) => x.paper !== undefined)) {
    it(label(c), () => {
      const v = gradeMath({ ...input(c), gold: c.gold, policy: 'paper', benchmark: c.benchmark });
      expect(v.correct, v.reason).toBe(c.paper);
      expect(v.policy).toBe('paper');
    });
  }
});
