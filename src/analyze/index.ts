// Pure analytics (no I/O): pass@k and its bootstrap bands, paired comparison and crossover,
// coverage, accuracy histogram, ΔSE, majority voting, perplexity summaries.
export { outcomeFromScores, validateOutcomes, sampleCounts, alignOutcomes, type ProblemOutcome, type SampleCountSummary } from './outcome.js';
export {
  passAtK,
  passAtKCurve,
  passHatK,
  powersOfTwoUpTo,
  planKs,
  passAtKMatrix,
  columnMeans,
  datasetPassAtK,
  type KSelection,
  type KPlan,
  type PassAtKCurve,
} from './passk.js';
export { createRng, type Rng } from './rng.js';
export { quantileSorted, percentileInterval } from './quantile.js';
export {
  bootstrapPassAtK,
  resolveBootstrap,
  planBootstrap,
  quantileMcError,
  DEFAULT_RESAMPLES,
  DEFAULT_CI,
  DEFAULT_TOLERANCE,
  DEFAULT_MAX_RESAMPLES,
  type BootstrapOptions,
  type BootstrapPlan,
  type ResolvedBootstrap,
  type PassAtKBands,
} from './bootstrap.js';
export { pairedPassAtK, planPairedKs, type PairedPassAtK, type CurveWithBands } from './paired.js';
export { crossoverIndex, leaderOf, everyKCrossover, type Crossover, type EveryKCrossover, type Leader } from './crossover.js';
export { coverage, solvableSet, solvedAt, type Coverage, type IdSet } from './coverage.js';
export { accuracyHistogram, accuracyBins, accuracyBinIndex, type AccuracyBin } from './histogram.js';
export { deltaSE, deltaSEFromRates, DEFAULT_DELTA_SE_K, type DeltaSEResult, type DeltaSERow } from './efficiency.js';
export { avgAtN, datasetPassHatK } from './averages.js';
export { majAtK, majAtKProblem } from './majority.js';
export {
  perplexitySummary,
  perTokenPerplexity,
  perBytePerplexity,
  summarizeDistribution,
  fractionBelow,
  type ScoredResponse,
  type PerplexitySummary,
  type DistributionSummary,
} from './perplexity.js';
export { passKReport, type PassKReport } from './passk-report.js';
export { simulateOutcomes, drawBinomial } from './simulate.js';
export { rarelySolvedProblems } from './inspection.js';
// Beyond the paper (docs/analytics.md, "Beyond the paper").
export {
  absenceUpperBound,
  absenceSetBound,
  certifiedAbsence,
  describeAbsence,
  type AbsenceSetBound,
  type CertifiedAbsence,
  type UnsolvedProblem,
} from './absence.js';
export { meanWithBands, ratioWithBands, type Estimate } from './mean-bands.js';
export { groupAnswers, tallyGroups, type AnswerEquivalence, type AnswerGrouping, type GroupTally } from './answer-groups.js';
export { problemSupport, answerSupport, supportFromCounts, type SupportDynamics, type ProblemSupport, type AnswerSupportRow } from './support.js';
export { coverCurve, coverSteps, passAtKFromCover, coveredAt, DEFAULT_COVER_TAUS, type CoverPoint } from './cover.js';
export { gPassAtK, gPassAtKProblem, hypergeometricTail, gPassThreshold, DEFAULT_G_PASS_TAUS, type GPassResult, type GPassCurve } from './g-pass.js';
export { fitBetaBinomial, priorPassAtK, posteriorPassAtK, type BetaBinomialFit } from './beta-binomial.js';
export { passAtKBeyond, heldOutCheck, defaultBeyondKs, type PassKBeyond, type BeyondOptions, type HeldOutCheck } from './pass-beyond.js';
export { bayesAtN, type BayesAtN } from './bayes-at-n.js';
export { answerDiversity, answerEntropyBits, guessRate, type AnswerDiversity } from './answer-diversity.js';
export { graderAudit, type GraderAudit, type GraderAuditInput, type GraderDisagreement, type GraderHeadline } from './grader-audit.js';
export { truncationAnalysis, DEFAULT_TOKEN_BUDGETS, type SampleFacts, type TruncationAnalysis } from './truncation.js';
export { logGamma, logBeta, normalQuantile } from './special.js';
export { snakeCaseKeys, snakeCaseKey } from './snake-case-keys.js';
