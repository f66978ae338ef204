import { describe, expect, it } from 'vitest';
import { outcomeFromScores, type ProblemOutcome } from '../../../src/analyze/index.js';
import { checkFindings } from '../../../src/lab/experiment/findings.js';
import { averageSummaries, buildRunSummary, RunSummarySchema, type EvaluatedModel } from '../../../src/lab/experiment/summary.js';

// Four problems, n = 8. The base solves all four, rarely; RL solves p0 and p1 often and p2, p3
// never, so its solvable set is a strict subset of the base's.
function outcomes(counts: number[], n = 8): ProblemOutcome[] {
  return counts.map((c, i) =>
    outcomeFromScores(
      `p${i}`,
      Array.from({ length: n }, (_, j) => (j < c ? 1 : 0)),
    ),
  );
}
const ppl = [
  { nllSum: 1, tokens: 2 },
  { nllSum: 2, tokens: 2 },
  { nllSum: 3, tokens: 2 },
];
function model(name: string, kind: EvaluatedModel['kind'], counts: number[], nll = ppl): EvaluatedModel {
  return {
    name,
    kind,
    algorithm: kind === 'rl' ? 'grpo' : null,
    step: kind === 'rl' ? Number(/step(\d+)/.exec(name)![1]) : null,
    outcomes: outcomes(counts),
    pplUnderBase: nll,
    reasons: { ok: 1 },
  };
}

describe('buildRunSummary', () => {
  const models = [model('base', 'base', [2, 1, 1, 1]), model('grpo-step10', 'rl', [7, 6, 0, 0]), model('distill', 'distill', [3, 2, 2, 2])];
  const s = buildRunSummary({ task: 'countdown', n: 8, seed: 3, wallSeconds: 1.5, models, resamples: 200 });

  it('follows the issue’s schema with every k from 1 to n', () => {
    expect(() => RunSummarySchema.parse(s)).not.toThrow();
    expect(Object.keys(s.models.base.pass_at_k)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(s.models['grpo-step10']).toMatchObject({ kind: 'rl', algorithm: 'grpo', step: 10 });
    expect(s.seeds).toEqual([3]);
  });

  it('pass@k, ΔSE, crossover and coverage are the paper’s quantities', () => {
    expect(s.models.base.pass_at_k['1']).toBeCloseTo(5 / 32, 12);
    expect(s.models.base.pass_at_k['8']).toBe(1);
    expect(s.models['grpo-step10'].pass_at_k['1']).toBeCloseTo(13 / 32, 12);
    expect(s.models['grpo-step10'].pass_at_k['8']).toBe(0.5);
    expect(s.delta_se['grpo-step10']).toBeCloseTo(1 - 13 / 32, 12);
    expect(s.delta_se['distill']).toBeCloseTo(1 - 9 / 32, 12);
    expect(s.coverage['grpo-step10']).toEqual({ both: 2, rl_only: 0, base_only: 2, neither: 0 });
    // RL leads at k = 1 and the base catches up at some k in 2..8.
    const k = s.crossover_k['grpo-step10'];
    expect(k).not.toBeNull();
    const rl = s.models['grpo-step10'].pass_at_k;
    const base = s.models.base.pass_at_k;
    expect(base[String(k)]).toBeGreaterThanOrEqual(rl[String(k)]);
    expect(base[String(k! - 1)]).toBeLessThan(rl[String(k! - 1)]);
    expect(s.coverage['distill']).toBeUndefined();
    expect(s.models.base.ppl_under_base_median).toBeCloseTo(Math.exp(1), 12);
    expect(s.models.base.ci_low['1']).toBeLessThanOrEqual(s.models.base.pass_at_k['1']);
    expect(s.models.base.ci_high['1']).toBeGreaterThanOrEqual(s.models.base.pass_at_k['1']);
  });

  it('averages several seeds and keeps each run', () => {
    const other = buildRunSummary({
      task: 'countdown',
      n: 8,
      seed: 4,
      wallSeconds: 2,
      models: [models[0], model('grpo-step10', 'rl', [8, 8, 0, 0]), models[2]],
      resamples: 200,
    });
    const avg = averageSummaries([s, other], 9);
    expect(avg.runs).toHaveLength(2);
    expect(avg.seeds).toEqual([3, 4]);
    expect(avg.wall_s).toBe(9);
    expect(avg.models['grpo-step10'].pass_at_k['1']).toBeCloseTo((13 / 32 + 16 / 32) / 2, 12);
    expect(avg.coverage['grpo-step10']).toEqual({ both: 2, rl_only: 0, base_only: 2, neither: 0 });
  });
});

describe('checkFindings', () => {
  it('reports each of the paper’s findings with its evidence', () => {
    const models = [
      model('base', 'base', [2, 1, 1, 0], [{ nllSum: 2, tokens: 2 }]),
      model('grpo-step5', 'rl', [4, 4, 2, 1]),
      model('grpo-step10', 'rl', [7, 6, 1, 0]),
      model('grpo-step20', 'rl', [8, 8, 0, 0], [{ nllSum: 1, tokens: 2 }]),
      model('distill', 'distill', [3, 2, 2, 2]),
    ];
    const s = buildRunSummary({ task: 'countdown', n: 8, seed: 0, wallSeconds: 1, models, resamples: 200 });
    const f = Object.fromEntries(checkFindings(s).map((x) => [x.id, x]));
    expect(f['pass1-up-passn-down'].evidence).toMatch(/^grpo-step20: pass@1 50\.0/);
    expect(f['pass1-up-passn-down'].holds).toBe(s.models['grpo-step20'].ci_low['1'] > s.models.base.ci_high['1']);
    expect(f['coverage-subset']).toMatchObject({ holds: true });
    expect(f['perplexity']).toMatchObject({ holds: true });
    expect(f['training-steps']).toMatchObject({ holds: true });
    expect(f['distillation']).toMatchObject({ holds: true });
    expect(f['algorithms']).toBeUndefined();
  });
});
