import type { ProblemOutcome } from '../../../analyze/index.js';
import { ARM_CLAIMS, type FollowupArm } from '../../rl/followups/interventions.js';
import { fitEntropyReward, type EntropyRewardFit } from '../../rl/followups/entropy-reward-fit.js';
import { buildRunSummary, type EvaluatedModel, type RunSummary } from '../summary.js';
import type { ArmTraining } from './arm-record.js';
import { boundaryVerdict, type BoundaryVerdict, type Interval } from './boundary.js';

/** One seed's evaluated models: the base and every arm on the held-out set (and on the edge set). */
export interface SeedResults {
  seed: number;
  base: EvaluatedModel;
  arms: { arm: FollowupArm; evaluated: EvaluatedModel; training: ArmTraining }[];
  edge: { base: EvaluatedModel; models: { arm: FollowupArm; evaluated: EvaluatedModel }[] } | null;
}

export interface ArmSeedResult {
  pass_at_k: Record<string, Interval>;
  crossover_k: { k: number | null; ci_low: number | null; ci_high: number | null };
  coverage: { kept: number; found: number; lost: number; neither: number; found_problems: string[] };
  delta_se: Interval;
  expands_boundary: boolean;
  boundary: BoundaryVerdict;
  training: Omit<ArmTraining, 'history'> & {
    reward_first: number;
    reward_last: number;
    entropy_first: number;
    entropy_last: number;
    entropy_reward_fit: EntropyRewardFit | null;
  };
}

const interval = (m: RunSummary['models'][string], k: string): Interval => ({ value: m.pass_at_k[k], ci_low: m.ci_low[k], ci_high: m.ci_high[k] });
const mean = (xs: readonly number[]): number => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
/** Mean of the first / last tenth of a training curve (single steps are noisy). */
const ends = (xs: readonly number[]): [number, number] => {
  const w = Math.max(1, Math.round(xs.length / 10));
  return [mean(xs.slice(0, w)), mean(xs.slice(-w))];
};

/** The per-seed record of each model against the base: the numbers, with intervals and the boundary verdict. */
function compare(
  summary: RunSummary,
  base: EvaluatedModel,
  probe: readonly ProblemOutcome[],
  models: { arm: FollowupArm; evaluated: EvaluatedModel }[],
): Record<string, Omit<ArmSeedResult, 'training'>> {
  const n = String(summary.n);
  const b = summary.models[base.name];
  const out: Record<string, Omit<ArmSeedResult, 'training'>> = {};
  for (const { arm, evaluated } of models) {
    const m = summary.models[evaluated.name];
    const details = (summary.details?.[evaluated.name] ?? {}) as {
      crossover?: { k: number; ci_low: number | null; ci_high: number | null };
      delta_se_ci?: [number, number];
      model_only_problems?: string[];
    };
    const cov = summary.coverage[evaluated.name];
    const crossover = summary.crossover_k[evaluated.name] ?? null;
    const verdict = boundaryVerdict({ n: summary.n, model: interval(m, n), base: interval(b, n), modelOutcomes: evaluated.outcomes, baseProbe: probe });
    out[arm] = {
      pass_at_k: { '1': interval(m, '1'), [n]: interval(m, n) },
      crossover_k: { k: crossover, ci_low: details.crossover?.ci_low ?? null, ci_high: details.crossover?.ci_high ?? null },
      coverage: { kept: cov.both, found: cov.rl_only, lost: cov.base_only, neither: cov.neither, found_problems: details.model_only_problems ?? [] },
      delta_se: { value: summary.delta_se[evaluated.name], ci_low: details.delta_se_ci?.[0] ?? NaN, ci_high: details.delta_se_ci?.[1] ?? NaN },
      expands_boundary: verdict.expands_boundary,
      boundary: verdict,
    };
  }
  return out;
}

function trainingRecord(t: ArmTraining): ArmSeedResult['training'] {
  const { history, ...rest } = t;
  const [rewardFirst, rewardLast] = ends(history.map((h) => h.reward));
  const [entropyFirst, entropyLast] = ends(history.map((h) => h.entropy));
  return {
    ...rest,
    reward_first: rewardFirst,
    reward_last: rewardLast,
    entropy_first: entropyFirst,
    entropy_last: entropyLast,
    entropy_reward_fit: fitEntropyReward(history.map((h) => ({ entropy: h.entropy, reward: h.reward }))),
  };
}

/**
 * `followups.json`: per arm its paper and claim, per seed the comparison with that seed's base
 * evaluation (pass@1 and pass@n with 95% bootstrap intervals, crossover k, coverage kept / found /
 * lost, ΔSE, the boundary verdict with its evidence, the training record), and seed means. Numbers
 * come from the same src/analyze code as every lab summary (buildRunSummary).
 */
export function buildFollowupsJson(input: {
  preset: string;
  task: string;
  n: number;
  seeds: readonly SeedResults[];
  probe: readonly ProblemOutcome[];
  edgeProbe: readonly ProblemOutcome[] | null;
  compute: Record<string, string | number>;
  wallSeconds: number;
  /** CPU seconds of this invocation (a resumed run counts only what it did itself). */
  cpuSeconds: number;
}): Record<string, unknown> {
  const n = String(input.n);
  const perArm = new Map<FollowupArm, Record<string, ArmSeedResult>>();
  const baseBySeed: Record<string, { pass_at_k: Record<string, Interval> }> = {};
  const edgeBySeed: Record<string, unknown> = {};
  for (const s of input.seeds) {
    const summary = buildRunSummary({ task: input.task, n: input.n, seed: s.seed, wallSeconds: 0, models: [s.base, ...s.arms.map((a) => a.evaluated)] });
    baseBySeed[String(s.seed)] = { pass_at_k: { '1': interval(summary.models[s.base.name], '1'), [n]: interval(summary.models[s.base.name], n) } };
    const compared = compare(summary, s.base, input.probe, s.arms);
    for (const a of s.arms) {
      const row = perArm.get(a.arm) ?? {};
      row[String(s.seed)] = { ...compared[a.arm], training: trainingRecord(a.training) };
      perArm.set(a.arm, row);
    }
    if (s.edge && input.edgeProbe) {
      const edgeSummary = buildRunSummary({
        task: `${input.task}-edge`,
        n: input.n,
        seed: s.seed,
        wallSeconds: 0,
        models: [s.edge.base, ...s.edge.models.map((m) => m.evaluated)],
      });
      edgeBySeed[String(s.seed)] = {
        base: { pass_at_k: { '1': interval(edgeSummary.models[s.edge.base.name], '1'), [n]: interval(edgeSummary.models[s.edge.base.name], n) } },
        models: compare(edgeSummary, s.edge.base, input.edgeProbe, s.edge.models),
      };
    }
  }
  const arms: Record<string, unknown> = {};
  for (const [arm, bySeed] of perArm) {
    const rows = Object.values(bySeed);
    arms[arm] = {
      ...ARM_CLAIMS[arm],
      settings: rows[0]?.training.settings ?? {},
      seeds: bySeed,
      mean: {
        [`pass_at_1`]: mean(rows.map((r) => r.pass_at_k['1'].value)),
        [`pass_at_${n}`]: mean(rows.map((r) => r.pass_at_k[n].value)),
        delta_se: mean(rows.map((r) => r.delta_se.value)),
        found: mean(rows.map((r) => r.coverage.found)),
        lost: mean(rows.map((r) => r.coverage.lost)),
        expands_boundary_in: `${rows.filter((r) => r.expands_boundary).length} of ${rows.length} seeds`,
      },
    };
  }
  return {
    preset: input.preset,
    task: input.task,
    n: input.n,
    base_probe_n: Math.min(...input.probe.map((o) => o.n)),
    seeds: input.seeds.map((s) => s.seed),
    compute: input.compute,
    wall_s: input.wallSeconds,
    cpu_s: input.cpuSeconds,
    base: { seeds: baseBySeed, never_solved_in_probe: input.probe.filter((o) => o.c === 0).length, problems: input.probe.length },
    arms,
    ...(Object.keys(edgeBySeed).length > 0
      ? { edge_set: { seeds: edgeBySeed, never_solved_in_probe: input.edgeProbe?.filter((o) => o.c === 0).length ?? null } }
      : {}),
  };
}
