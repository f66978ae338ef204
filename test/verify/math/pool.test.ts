import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MathGradingPool } from '../../../src/verify/math/index.js';

// The pool runs the compiled worker (dist/); `npm test` builds before vitest starts.
describe('MathGradingPool', () => {
  const budgetMs = 2000;
  const pool = new MathGradingPool({ workers: 2, budgetMs });
  afterAll(() => pool.close());

  it('grades a batch in order, identical pairs once', async () => {
    const reqs = [
      { pred: '\\frac12', gold: '0.5' },
      { response: 'thus \\boxed{7}', gold: '8' },
      { pred: '\\frac12', gold: '0.5' },
    ];
    const before = pool.dispatched;
    const out = await pool.gradeBatch(reqs);
    expect(out.map((v) => v.correct)).toEqual([true, false, true]);
    expect(out[1].extracted).toBe('7');
    expect(pool.dispatched - before).toBe(2);
    const uncached = pool.dispatched;
    await pool.gradeBatch(reqs, { cache: false });
    expect(pool.dispatched - uncached).toBe(3);
  });

  it('a pathological input returns within the budget and the pool keeps serving', async () => {
    const huge = `\\boxed{${'x^{'.repeat(3000)}2${'}'.repeat(3000)}}`;
    const mib = 'a'.repeat(1 << 20) + ' \\boxed{3}';
    const t0 = Date.now();
    const out = await pool.gradeBatch([
      { pred: '10^{10^{10}}', gold: '10^{10^{10}}+1' },
      { response: huge, gold: '2' },
      { response: mib, gold: '3' },
      { pred: `${'('.repeat(10000)}1${')'.repeat(10000)}`, gold: '1' },
    ]);
    // Each verdict ends within its budget even on a loaded machine; the guards make these fast.
    expect(Date.now() - t0).toBeLessThan(4 * budgetMs + 2000);
    expect(out.every((v) => v.reason !== 'timeout')).toBe(true);
    expect(out[0].correct).toBe(false);
    expect(out[1].correct).toBe(false);
    expect(out[2].correct).toBe(true);
    expect(out[3].correct).toBe(false);
    const after = await pool.grade({ pred: '2', gold: '2' });
    expect(after.correct).toBe(true);
  });
});

describe('MathGradingPool budget', () => {
  it('a verdict past its budget is a timeout and the worker is replaced', async () => {
    // 300 sines at 50 digits, evaluated at several points: far more than a 2 ms budget.
    const slow = Array.from({ length: 300 }, (_, i) => `\\sin(${i + 1}x)`).join('+');
    const pool = new MathGradingPool({ workers: 1, budgetMs: 2 });
    try {
      const v = await pool.grade({ pred: slow, gold: `${slow}+1` });
      expect(v).toMatchObject({ correct: false, reason: 'timeout' });
      expect(pool.recycled).toBeGreaterThanOrEqual(1);
    } finally {
      await pool.close();
    }
    const fresh = new MathGradingPool({ workers: 1, budgetMs: 5000 });
    try {
      expect((await fresh.grade({ pred: '\\sin^2 x + \\cos^2 x', gold: '1' })).correct).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});

describe('MathGradingPool start-up failure', () => {
  it('answers waiting requests with the error instead of waiting forever', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'math-pool-'));
    const broken = path.join(dir, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('cannot load the verifier');\n");
    const pool = new MathGradingPool({ workers: 1, workerFile: broken });
    try {
      const v = await pool.grade({ pred: '1', gold: '1' });
      expect(v.correct).toBe(false);
      expect(v.reason).toMatch(/worker failed to start: .*cannot load the verifier/);
    } finally {
      await pool.close();
    }
  });
});
