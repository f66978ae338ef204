import { z } from 'zod';
import { BeyondSectionsShape } from './gather/beyond.js';

/**
 * `ReportData`: every number a report shows, as plain JSON. Gathering (store + analytics) produces
 * it; rendering (figures, tables, HTML) only reads it. The lab demo builds one directly. Model and
 * benchmark references are ids into `models` / `benchmarks`; `validateReportData` checks them.
 */

const id = z.string().min(1);
const fraction = z.number().min(0).max(1);
/** A difference of two fractions. */
const signedFraction = z.number().min(-1).max(1);
const count = z.number().int().nonnegative();

export const ModelInfoSchema = z.object({
  id,
  label: z.string().min(1),
  /** What the model is in the study: "base", "rl", "distill", "sft", "other" (declared in the store), or a lab checkpoint's stage. */
  role: z.string().optional(),
  /** Where the role came from: declared in the store (import --role, study file) or a lab checkpoint's stage. */
  roleSource: z.enum(['declared', 'lab-checkpoint']).optional(),
  /** Training step of an RL checkpoint, for the training-steps figure. */
  step: count.optional(),
});

export const BenchmarkInfoSchema = z.object({ id, label: z.string().min(1), problemCount: count });

/** One point of a pass@k curve: estimate and the bootstrap interval around it (fractions). */
export const PassKPointSchema = z.object({ k: z.number().int().positive(), value: fraction, lo: fraction, hi: fraction });

export const PassKCurveSchema = z.object({
  benchmark: id,
  model: id,
  /** Problems the curve averages over. */
  problems: count,
  /** Smallest per-problem sample count: the largest k the curve can reach. */
  samplesPerProblem: count,
  points: z.array(PassKPointSchema).min(1),
  /** Set when problems have different sample counts (k then stops at the smallest). */
  note: z.string().optional(),
});

/** Paired difference `base − other` at one k, with its bootstrap interval. */
export const DifferencePointSchema = z.object({ k: z.number().int().positive(), diff: signedFraction, lo: signedFraction, hi: signedFraction });

/**
 * Where the base model catches up with the other one: the smallest k with base ≥ other, and the
 * bootstrap interval of that k. `k` is null when the curves do not cross in the measured range.
 */
export const CrossoverSchema = z.object({
  k: z.number().positive().nullable(),
  lo: z.number().positive().nullable(),
  hi: z.number().positive().nullable(),
  /** Which model leads at k = 1 (the base catching up is leader "other"). */
  leader: z.enum(['base', 'other', 'tie']).optional(),
  /** Share of bootstrap resamples in which the leader stops leading at some k ≤ maxK, and its Monte-Carlo error. */
  probability: fraction.optional(),
  probabilityMcError: z.number().nonnegative().optional(),
  /** Monte-Carlo standard errors (in k) of lo and hi; null when the endpoint is "beyond maxK". */
  loMcError: z.number().nonnegative().nullable().optional(),
  hiMcError: z.number().nonnegative().nullable().optional(),
  /** Every k from 1 to maxK was examined (the smallest sample count of either model). */
  maxK: z.number().int().positive().optional(),
  resamples: count.optional(),
  /** Plain-language statement of the result ("base ahead from k = 16", "no crossover up to k = 256"). */
  summary: z.string(),
});

export const ComparisonSchema = z.object({
  benchmark: id,
  base: id,
  other: id,
  points: z.array(DifferencePointSchema),
  crossover: CrossoverSchema,
  /** Resamples behind the difference band and the largest Monte-Carlo error of its endpoints (fraction). */
  resamples: count.optional(),
  diffMcError: z.number().nonnegative().optional(),
});

/** One region of a coverage diagram: the problems solved by exactly `members` (empty = by none). */
export const CoverageRegionSchema = z.object({ members: z.array(id), problemIds: z.array(z.string()) });

export const CoverageSchema = z.object({
  benchmark: id,
  models: z.array(id).min(1),
  regions: z.array(CoverageRegionSchema),
});

export const HistogramBinSchema = z.object({ label: z.string(), count });

/** Per-problem accuracy c/n binned as the paper does: 0, (0,0.1], …, (0.9,1), 1. */
export const AccuracyHistogramSchema = z.object({
  benchmark: id,
  model: id,
  bins: z.array(HistogramBinSchema).min(1),
});

/** Order statistics of a distribution (perplexities are skewed, so no mean). */
export const DistributionSummarySchema = z.object({
  count,
  min: z.number(),
  p5: z.number(),
  p25: z.number(),
  median: z.number(),
  p75: z.number(),
  p95: z.number(),
  max: z.number(),
});

/** PPL_scorer(responses of responder): one box of the perplexity figure. */
export const PerplexityGroupSchema = z.object({
  /** Panel the box belongs to (a benchmark, or one problem as in the paper's Fig. 6). */
  panel: z.string().min(1),
  scorer: id,
  responder: id,
  values: z.array(z.number().positive()),
  summary: DistributionSummarySchema,
});

/** ΔSE = pass@k(base) − pass@1(rl), k = 256 in the paper; lower is better. */
export const DeltaSERowSchema = z.object({
  benchmark: id,
  base: id,
  rl: id,
  k: z.number().int().positive(),
  basePassK: fraction,
  rlPass1: fraction,
  deltaSE: signedFraction,
  /** Paired bootstrap interval of ΔSE and the Monte-Carlo error of its endpoints. */
  lo: signedFraction.nullable().optional(),
  hi: signedFraction.nullable().optional(),
  mcError: z.number().nonnegative().nullable().optional(),
  resamples: count.optional(),
  /** The k that was asked for, when `k` had to be lowered to the base's smallest sample count. */
  kRequested: z.number().int().positive().optional(),
});

/** Several RL algorithms against one base on one benchmark, drawn with a folded y axis. */
export const AlgorithmComparisonSchema = z.object({
  benchmark: id,
  base: id,
  models: z.array(id).min(1),
  /** The large k of the upper panel (256 in the paper). */
  k: z.number().int().positive(),
});

export const TrainingStepPointSchema = z.object({ model: id, step: count, pass1: fraction, passK: fraction });

export const TrainingStepsSchema = z.object({
  benchmark: id,
  k: z.number().int().positive(),
  points: z.array(TrainingStepPointSchema).min(1),
});

export const RunHealthSchema = z.object({
  run: z.string().min(1),
  model: id,
  benchmark: id,
  samples: count,
  /** Samples whose text repeats an earlier sample of the same problem (null: the run has no texts, so this cannot be known). */
  duplicates: count.nullable(),
  /** Samples that stopped at the token limit (finish_reason "length"). */
  truncated: count,
  duplicateRate: fraction.nullable(),
  truncationRate: fraction,
  /** Store id of the run. */
  runId: count.optional(),
  /** "sampled" here, "imported" from another tool's files, or "counts-only" (n and c per problem, no samples). */
  origin: z.enum(['sampled', 'imported', 'counts-only']).optional(),
  /** Samples with an empty text (for imported verdict-only data every sample is empty). */
  emptyTexts: count.optional(),
  /** Slots whose request failed for good (no sample stored). */
  errors: count.optional(),
  /** What cannot be measured for this run, in words. */
  note: z.string().optional(),
});

/** One run behind the report, with everything needed to reproduce or question it. */
export const ProvenanceRunSchema = z.object({
  runId: count,
  model: id,
  benchmark: id,
  role: z.string().nullable(),
  origin: z.enum(['sampled', 'imported', 'counts-only']),
  temperature: z.number().nullable(),
  topP: z.number().nullable(),
  maxTokens: z.number().nullable(),
  n: count,
  template: z.string(),
  seed: z.number().int(),
  /** Verifier key whose verdicts count: VERIFIER/POLICY@VERSION. */
  verifier: z.string().nullable(),
  /** Files this run was imported from (format, file, content hash). */
  imports: z.array(z.object({ format: z.string(), file: z.string(), contentHash: z.string(), samples: count })),
});

export const ProvenanceSchema = z.object({
  rlboundVersion: z.string(),
  /** How the runs were chosen: the only run per cell, explicit --runs, or a study file's settings. */
  selectedBy: z.enum(['only-runs', 'runs', 'study-file', 'given']),
  runs: z.array(ProvenanceRunSchema),
  bootstrap: z.object({
    /** "auto": resamples drawn until endpoints are stable (tolerance, maximum); "fixed": exactly `resamples`. */
    mode: z.enum(['auto', 'fixed']),
    seed: z.number().int(),
    ci: z.number().gt(0).lt(1),
    tolerance: z.number().positive().nullable(),
    maxResamples: count.nullable(),
    /** Smallest and largest number of resamples any interval used. */
    minResamples: count,
    maxUsed: count,
  }),
  /** Things the reader must know (no declared base, counts-only data, lowered k, …). */
  warnings: z.array(z.string()),
});

export const ProblemCellSchema = z.object({ model: id, correct: count, samples: count, duplicates: count });

export const ProblemRowSchema = z.object({
  benchmark: id,
  problemId: z.string().min(1),
  cells: z.array(ProblemCellSchema),
});

export const ReportDataSchema = z.object({
  schemaVersion: z.literal(1),
  title: z.string().min(1),
  /** ISO time of gathering; renderers print it verbatim. */
  generatedAt: z.string(),
  /** Where the numbers come from (a study file, "lab demo", …). */
  source: z.string(),
  confidence: z.number().gt(0).lt(1),
  bootstrapResamples: count,
  models: z.array(ModelInfoSchema).min(1),
  benchmarks: z.array(BenchmarkInfoSchema).min(1),
  passK: z.array(PassKCurveSchema),
  comparisons: z.array(ComparisonSchema),
  coverage: z.array(CoverageSchema),
  histograms: z.array(AccuracyHistogramSchema),
  perplexity: z.array(PerplexityGroupSchema),
  deltaSE: z.array(DeltaSERowSchema),
  algorithmComparisons: z.array(AlgorithmComparisonSchema),
  trainingSteps: z.array(TrainingStepsSchema),
  runHealth: z.array(RunHealthSchema),
  problems: z.array(ProblemRowSchema),
  /** Models, roles, settings, graders, imports, version, seeds and resample counts (absent in data built by hand). */
  provenance: ProvenanceSchema.optional(),
  // Beyond the paper (docs/analytics.md): support, absence, cover, passKBeyond, gPassK, answers, graderAudit, truncation.
  ...BeyondSectionsShape,
});

export type ModelInfo = z.infer<typeof ModelInfoSchema>;
export type BenchmarkInfo = z.infer<typeof BenchmarkInfoSchema>;
export type PassKPoint = z.infer<typeof PassKPointSchema>;
export type PassKCurve = z.infer<typeof PassKCurveSchema>;
export type DifferencePoint = z.infer<typeof DifferencePointSchema>;
export type ReportCrossover = z.infer<typeof CrossoverSchema>;
export type Comparison = z.infer<typeof ComparisonSchema>;
export type CoverageRegion = z.infer<typeof CoverageRegionSchema>;
export type ReportCoverage = z.infer<typeof CoverageSchema>;
export type HistogramBin = z.infer<typeof HistogramBinSchema>;
export type AccuracyHistogram = z.infer<typeof AccuracyHistogramSchema>;
export type ReportDistribution = z.infer<typeof DistributionSummarySchema>;
export type PerplexityGroup = z.infer<typeof PerplexityGroupSchema>;
export type ReportDeltaSERow = z.infer<typeof DeltaSERowSchema>;
export type AlgorithmComparison = z.infer<typeof AlgorithmComparisonSchema>;
export type TrainingStepPoint = z.infer<typeof TrainingStepPointSchema>;
export type TrainingSteps = z.infer<typeof TrainingStepsSchema>;
export type RunHealth = z.infer<typeof RunHealthSchema>;
export type Provenance = z.infer<typeof ProvenanceSchema>;
export type ProvenanceRun = z.infer<typeof ProvenanceRunSchema>;
export type ProblemCell = z.infer<typeof ProblemCellSchema>;
export type ProblemRow = z.infer<typeof ProblemRowSchema>;
export type ReportData = z.infer<typeof ReportDataSchema>;
