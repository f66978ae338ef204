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
  /** What the model is in the study: "base", "rl", "distill", "instruct", … (free text). */
  role: z.string().optional(),
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
  /** Plain-language statement of the result ("base ahead from k = 16", "no crossover up to k = 256"). */
  summary: z.string(),
});

export const ComparisonSchema = z.object({
  benchmark: id,
  base: id,
  other: id,
  points: z.array(DifferencePointSchema),
  crossover: CrossoverSchema,
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
  /** Samples whose text repeats an earlier sample of the same problem. */
  duplicates: count,
  /** Samples that stopped at the token limit (finish_reason "length"). */
  truncated: count,
  duplicateRate: fraction,
  truncationRate: fraction,
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
export type ProblemCell = z.infer<typeof ProblemCellSchema>;
export type ProblemRow = z.infer<typeof ProblemRowSchema>;
export type ReportData = z.infer<typeof ReportDataSchema>;
