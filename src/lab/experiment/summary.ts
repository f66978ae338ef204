import { z } from 'zod';
import {
  accuracyHistogram,
  bootstrapPassAtK,
  coverage,
  deltaSE,
  everyKCrossover,
  perplexitySummary,
  type ProblemOutcome,
  type ScoredResponse,
} from '../../analyze/index.js';

/** One evaluated checkpoint, ready for the analytics. */
export interface EvaluatedModel {
  name: string;
  kind: 'base' | 'rl' | 'distill';
  algorithm: string | null;
  step: number | null;
  outcomes: ProblemOutcome[];
  /** This model's responses scored under the base model. */
  pplUnderBase: ScoredResponse[];
  /** Verdict reasons over all samples (ok, wrong-value, malformed, truncated, …). */
  reasons: Record<string, number>;
}

const curve = z.record(z.string(), z.number());

/** `DIR/summary.json` of one seed, exactly the schema plus a `details` block. */
export const RunSummarySchema = z.object({
  task: z.string(),
  n: z.number().int(),
  seeds: z.array(z.number().int()),
  wall_s: z.number(),
  models: z.record(
    z.string(),
    z.object({
      kind: z.enum(['base', 'rl', 'distill']),
      algorithm: z.string().nullable(),
      step: z.number().int().nullable(),
      pass_at_k: curve,
      ci_low: curve,
      ci_high: curve,
      ppl_under_base_median: z.number(),
    }),
  ),
  crossover_k: z.record(z.string(), z.number().int().nullable()),
  coverage: z.record(z.string(), z.object({ both: z.number(), rl_only: z.number(), base_only: z.number(), neither: z.number() })),
  delta_se: z.record(z.string(), z.number()),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

const byK = (ks: readonly number[], values: readonly number[]): Record<string, number> => Object.fromEntries(ks.map((k, i) => [String(k), values[i]]));

/**
 * The analytics of one run, through the same src/analyze functions used for real LLMs: pass@k for
 * every k = 1..n with problem-bootstrap bands, base-model perplexity medians, the crossover k
 * (first k where the base is at least as good, with its interval), coverage against the base at
 * k = n, ΔSE = base pass@n − model pass@1, and per-model accuracy histograms.
 */
export function buildRunSummary(input: {
  task: string;
  n: number;
  seed: number;
  wallSeconds: number;
  models: readonly EvaluatedModel[];
  resamples?: number;
}): RunSummary {
  const base = input.models.find((m) => m.kind === 'base');
  if (!base) throw new Error('a run summary needs the base model');
  const boot = { resamples: input.resamples ?? 1000, seed: input.seed };
  const models: RunSummary['models'] = {};
  const details: Record<string, Record<string, unknown>> = {};
  for (const m of input.models) {
    const bands = bootstrapPassAtK(m.outcomes, 'all', boot);
    const ppl = perplexitySummary(m.pplUnderBase);
    models[m.name] = {
      kind: m.kind,
      algorithm: m.algorithm,
      step: m.step,
      pass_at_k: byK(bands.k, bands.passAtK),
      ci_low: byK(bands.k, bands.ciLow),
      ci_high: byK(bands.k, bands.ciHigh),
      ppl_under_base_median: ppl.perToken.median,
    };
    details[m.name] = {
      ppl_under_base: ppl.perToken,
      accuracy_histogram: accuracyHistogram(m.outcomes).map((b) => ({ label: b.label, count: b.count })),
      verdict_reasons: m.reasons,
    };
  }
  const crossover_k: RunSummary['crossover_k'] = {};
  const cov: RunSummary['coverage'] = {};
  for (const m of input.models.filter((x) => x.kind !== 'base')) {
    // The report's crossover (same function, same seed, same adaptive resample rule), so the
    // summary and the report state one answer. "First k where the base is at least as good": 1 if
    // the base already leads at k = 1.
    const crossover = everyKCrossover(m.outcomes, base.outcomes, { seed: input.seed, resamples: input.resamples ?? 'auto' });
    const k = crossover.leader === 'a' ? crossover.k : 1;
    const c = coverage(m.outcomes, base.outcomes);
    details[m.name].crossover = { k, ci_low: crossover.ciLow, ci_high: crossover.ciHigh, leader_at_k1: crossover.leader };
    details[m.name].coverage_subset_ratio = c.subsetRatio;
    details[m.name].model_only_problems = c.aOnly.ids;
    if (m.kind === 'rl') {
      crossover_k[m.name] = k;
      cov[m.name] = { both: c.both.count, rl_only: c.aOnly.count, base_only: c.bOnly.count, neither: c.neither.count };
    } else {
      details[m.name].coverage = { both: c.both.count, model_only: c.aOnly.count, base_only: c.bOnly.count, neither: c.neither.count };
    }
  }
  const others = input.models.filter((m) => m.kind !== 'base');
  const delta_se: Record<string, number> = {};
  if (others.length > 0) {
    const dse = deltaSE(
      base.outcomes,
      others.map((m) => ({ name: m.name, outcomes: m.outcomes })),
      input.n,
      boot,
    );
    for (const row of dse.rows) {
      delta_se[row.name] = row.deltaSE;
      details[row.name].delta_se_ci = [row.ciLow, row.ciHigh];
    }
  }
  return { task: input.task, n: input.n, seeds: [input.seed], wall_s: input.wallSeconds, models, crossover_k, coverage: cov, delta_se, details };
}

const meanOf = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Several seeds: `runs` holds each seed's summary; the top-level keys are their averages over the
 * seeds (crossover k: the rounded mean of the seeds where a crossover happened, null if none did).
 */
export function averageSummaries(runs: readonly RunSummary[], wallSeconds: number): RunSummary & { runs: RunSummary[] } {
  const first = runs[0];
  const avgCurve = (get: (r: RunSummary) => Record<string, number>): Record<string, number> =>
    Object.fromEntries(Object.keys(get(first)).map((k) => [k, meanOf(runs.map((r) => get(r)[k]))]));
  const models: RunSummary['models'] = {};
  for (const [name, m] of Object.entries(first.models)) {
    models[name] = {
      ...m,
      pass_at_k: avgCurve((r) => r.models[name].pass_at_k),
      ci_low: avgCurve((r) => r.models[name].ci_low),
      ci_high: avgCurve((r) => r.models[name].ci_high),
      ppl_under_base_median: meanOf(runs.map((r) => r.models[name].ppl_under_base_median)),
    };
  }
  const crossover_k: RunSummary['crossover_k'] = {};
  for (const name of Object.keys(first.crossover_k)) {
    const ks = runs.map((r) => r.crossover_k[name]).filter((k): k is number => k !== null);
    crossover_k[name] = ks.length === 0 ? null : Math.round(meanOf(ks));
  }
  const coverageAvg: RunSummary['coverage'] = {};
  for (const name of Object.keys(first.coverage)) {
    const pick = (key: 'both' | 'rl_only' | 'base_only' | 'neither'): number => Math.round(meanOf(runs.map((r) => r.coverage[name][key])));
    coverageAvg[name] = { both: pick('both'), rl_only: pick('rl_only'), base_only: pick('base_only'), neither: pick('neither') };
  }
  const delta_se = Object.fromEntries(Object.keys(first.delta_se).map((k) => [k, meanOf(runs.map((r) => r.delta_se[k]))]));
  return {
    task: first.task,
    n: first.n,
    seeds: runs.flatMap((r) => r.seeds),
    wall_s: wallSeconds,
    models,
    crossover_k,
    coverage: coverageAvg,
    delta_se,
    runs: [...runs],
  };
}
