import { describe, expect, it } from 'vitest';
import { deltaSE, deltaSEFromRates, outcomeFromScores, passAtK } from '../../src/analyze/index.js';

// The paper's Table 2 (v2 p.22): base Qwen2.5-7B and six RL algorithms, pass@1 / pass@256 in points.
const table2 = {
  train: { base: 67.2, p1: { GRPO: 26.1, PPO: 27.2, ReMax: 24.4, RLOO: 28.6, 'Reinforce++': 28.2, DAPO: 31.4 } },
  test: { base: 69.1, p1: { GRPO: 25.1, PPO: 26.8, ReMax: 23.8, RLOO: 28.1, 'Reinforce++': 28.0, DAPO: 26.5 } },
  math500: { base: 96.2, p1: { GRPO: 74.4, PPO: 75.2, ReMax: 73.5, RLOO: 75.0, 'Reinforce++': 75.4, DAPO: 75.6 } },
};
// ΔSE derived from that table (paper-protocol §8.2) and the Figure 8 annotations (best per panel).
const expected = {
  train: { GRPO: 41.1, PPO: 40.0, ReMax: 42.8, RLOO: 38.6, 'Reinforce++': 39.0, DAPO: 35.8 },
  test: { GRPO: 44.0, PPO: 42.3, ReMax: 45.3, RLOO: 41.0, 'Reinforce++': 41.1, DAPO: 42.6 },
  math500: { GRPO: 21.8, PPO: 21.0, ReMax: 22.7, RLOO: 21.2, 'Reinforce++': 20.8, DAPO: 20.6 },
};
const figure8 = { train: ['DAPO', 0.358], test: ['RLOO', 0.41], math500: ['DAPO', 0.206] } as const;

describe('ΔSE', () => {
  for (const panel of ['train', 'test', 'math500'] as const) {
    it(`reproduces Table 2 / Figure 8 (${panel})`, () => {
      const models = Object.entries(table2[panel].p1).map(([name, passAt1]) => ({ name, passAt1 }));
      const r = deltaSEFromRates(table2[panel].base, models);
      expect(r.k).toBe(256);
      for (const row of r.rows) expect(row.deltaSE).toBeCloseTo(expected[panel][row.name as keyof (typeof expected)[typeof panel]], 6);
      expect(r.best).toBe(figure8[panel][0]);
      const best = r.rows.find((x) => x.name === r.best)!;
      expect(best.deltaSE / 100).toBeCloseTo(figure8[panel][1], 6);
    });
  }

  it('Table 3 (training steps): ΔSE on the training set falls as pass@1 rises', () => {
    const r = deltaSEFromRates(67.2, [
      { name: 'step150', passAt1: 26.1 },
      { name: 'step300', passAt1: 33.6 },
      { name: 'step450', passAt1: 42.5 },
    ]);
    expect(r.rows.map((x) => Number(x.deltaSE.toFixed(1)))).toEqual([41.1, 33.6, 24.7]);
    expect(r.best).toBe('step450');
  });

  it('from outcomes: base pass@k minus each model pass@1, with a paired interval', () => {
    const base = Array.from({ length: 40 }, (_, i) =>
      outcomeFromScores(
        `p${i}`,
        Array.from({ length: 8 }, (_, s) => ((i + s) % 4 === 0 ? 1 : 0)),
      ),
    );
    const rl = base.map((o, i) => ({ problemId: o.problemId, n: 4, c: i % 2 === 0 ? 4 : 0 }));
    const r = deltaSE(base, [{ name: 'rl', outcomes: rl }], 8, { resamples: 300 });
    const baseAt8 = base.reduce((s, o) => s + passAtK(o.n, o.c, 8), 0) / base.length;
    expect(r.basePassAtK).toBeCloseTo(baseAt8, 15);
    expect(r.rows[0].passAt1).toBeCloseTo(0.5, 15);
    expect(r.rows[0].deltaSE).toBeCloseTo(baseAt8 - 0.5, 15);
    expect(r.rows[0].ciLow!).toBeLessThanOrEqual(r.rows[0].deltaSE);
    expect(r.rows[0].ciHigh!).toBeGreaterThanOrEqual(r.rows[0].deltaSE);
    expect(() => deltaSE(base, [{ name: 'rl', outcomes: rl }])).toThrow(/k=256 exceeds/);
  });
});
