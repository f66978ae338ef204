// Pure analytics (no I/O): pass@k and its bootstrap bands, paired comparison and crossover,
// coverage, accuracy histogram, ΔSE, majority voting, perplexity summaries.
export { outcomeFromScores, validateOutcomes, sampleCounts, alignOutcomes, type ProblemOutcome, type SampleCountSummary } from './outcome.js';
export { passAtK, passAtKCurve, passHatK, powersOfTwoUpTo, planKs, passAtKMatrix, columnMeans, datasetPassAtK, type KSelection, type KPlan, type PassAtKCurve } from './passk.js';
export { createRng, type Rng } from './rng.js';
export { quantileSorted, percentileInterval } from './quantile.js';
export { bootstrapPassAtK, resolveBootstrap, planBootstrap, quantileMcError, DEFAULT_RESAMPLES, DEFAULT_CI, DEFAULT_TOLERANCE, DEFAULT_MAX_RESAMPLES, type BootstrapOptions, type BootstrapPlan, type ResolvedBootstrap, type PassAtKBands } from './bootstrap.js';
export { pairedPassAtK, planPairedKs, type PairedPassAtK, type CurveWithBands } from './paired.js';
export { crossoverIndex, leaderOf, everyKCrossover, type Crossover, type EveryKCrossover, type Leader } from './crossover.js';
export { coverage, solvableSet, solvedAt, type Coverage, type IdSet } from './coverage.js';
export { accuracyHistogram, accuracyBins, accuracyBinIndex, type AccuracyBin } from './histogram.js';
export { deltaSE, deltaSEFromRates, DEFAULT_DELTA_SE_K, type DeltaSEResult, type DeltaSERow } from './efficiency.js';
export { avgAtN, datasetPassHatK } from './averages.js';
export { majAtK, majAtKProblem } from './majority.js';
export { perplexitySummary, perTokenPerplexity, perBytePerplexity, summarizeDistribution, fractionBelow, type ScoredResponse, type PerplexitySummary, type DistributionSummary } from './perplexity.js';
export { passKReport, type PassKReport } from './passk-report.js';
export { runAnalyticsDemo, formatAnalyticsDemo, simulateBaseAndRl, type DemoOptions, type DemoResult } from './demo.js';
export { simulateOutcomes, drawBinomial } from './simulate.js';
export { rarelySolvedProblems } from './inspection.js';
