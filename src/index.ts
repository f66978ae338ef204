// The public library: what a user of rlbound needs, named one by one (no `export *`): pass@k and
// its friends, the study store, the verifiers, sampling, the study runner, the report and viewer.
// Everything else is internal and may change without notice. The lab's model API is `rlbound/lab`.
import { registerLabPlugin } from './lab/plugin.js';

// Library users get the lab's benchmarks (`lab-countdown`) and verifier as the CLI does.
registerLabPlugin();

export { RlboundError, InputError, EnvironmentError, describeLocation, type InputLocation } from './errors.js';
export { VERSION } from './version.js';

// pass@k and friends (pure computation on per-problem outcomes).
export {
  outcomeFromScores,
  validateOutcomes,
  alignOutcomes,
  sampleCounts,
  passAtK,
  passAtKCurve,
  passHatK,
  datasetPassAtK,
  powersOfTwoUpTo,
  planKs,
  bootstrapPassAtK,
  pairedPassAtK,
  crossoverIndex,
  leaderOf,
  coverage,
  solvableSet,
  solvedAt,
  accuracyHistogram,
  accuracyBins,
  deltaSE,
  deltaSEFromRates,
  avgAtN,
  datasetPassHatK,
  majAtK,
  majAtKProblem,
  perplexitySummary,
  perTokenPerplexity,
  perBytePerplexity,
  passKReport,
  rarelySolvedProblems,
  createRng,
  DEFAULT_RESAMPLES,
  DEFAULT_CI,
  DEFAULT_DELTA_SE_K,
  type ProblemOutcome,
  type KSelection,
  type PassAtKCurve,
  type BootstrapOptions,
  type PassAtKBands,
  type PairedPassAtK,
  type CurveWithBands,
  type Crossover,
  type Coverage,
  type AccuracyBin,
  type DeltaSEResult,
  type DeltaSERow,
  type ScoredResponse,
  type PerplexitySummary,
  type PassKReport,
  type Rng,
} from './analyze/index.js';

// The study store (SQLite or PostgreSQL), its export and import.
export type * from './study/types.js';
export {
  openStore,
  openStudy,
  openPostgresStudy,
  isPostgresLocation,
  sampleSeed,
  MODEL_ROLES,
  VerdictConflictError,
  exportSamplesJsonl,
  exportSamplesParquet,
  importResults,
  sourceVerdictKey,
  FORMAT_NAMES,
  parseResultsJsonl,
  readOutcomesFile,
  readResultsFile,
  toOutcomes,
  formatVerifierKey,
  type StudyStore,
  type OpenStoreOptions,
  type ExportOptions,
  type ExportResult,
  type ImportRequest,
  type PartReport,
  type JsonValue,
  type JsonObject,
} from './study/index.js';

// Verifiers: the registry and the built-in math, code and imported verifiers.
export { createVerifier, registerVerifier, registeredVerifiers, type VerifierPlugin } from './verify/registry.js';
export { verifierSettingsSchema, type Verifier, type VerifierSettings, type VerifierKind, type VerifyScope, type Grade } from './verify/verifier.js';
export { MathVerifier, mathVerifierKey } from './verify/math-verifier.js';
export { CodeVerifier, CODE_VERIFIER_KEY, CODE_VERIFIER_VERSION } from './verify/code-verifier.js';
export { gradeMath, MathGradingPool, MATH_VERIFIER_VERSION, type MathPolicy, type MathVerdict } from './verify/math/index.js';
export { CodePool, execJsonl, readExecRows, verifyCodeResponse, type CodePoolOptions, type SandboxLimits, type CodeVerdict } from './verify/code/index.js';

// Benchmarks and prompt templates.
export {
  BUILTIN_BENCHMARKS,
  builtinBenchmark,
  findBenchmarkSpec,
  registerBenchmarkFamily,
  loadBenchmark,
  loadUserSpec,
  TEMPLATES,
  getTemplate,
} from './bench/index.js';
export type { BenchmarkSpec, BenchmarkFamily, Problem, LoadedBenchmark, PromptTemplate } from './bench/index.js';

// Sampling from OpenAI-compatible servers or lab checkpoints, and scoring responses.
export {
  sampleRun,
  runSampleJob,
  scoreRun,
  runScoreJob,
  openProvider,
  connect,
  probeCapabilities,
  CapabilityError,
  renderPrompt,
  promptRuleHash,
  registerBenchmark,
  type Provider,
  type SamplingParams,
  type Prompt,
  type ChatMessage,
  type SampleRunOptions,
  type SampleRunResult,
  type SampleJobOptions,
  type ScoreRunOptions,
  type ScoreSummary,
  type OpenedProvider,
  type Capabilities,
  type PromptRule,
} from './sample/index.js';

// Study files and the study runner.
export { planStudy, runStudy, verifyStudy, verifyRun, loadStudyFile, studyFileSchema, SAMPLING_DEFAULTS, STAGES } from './pipeline/index.js';
export type {
  StudyPlan,
  RunSpec,
  PlannedModel,
  RunStudyOptions,
  RunStudyResult,
  StudyEvent,
  StudyFile,
  StudyModel,
  VerifyStudyOptions,
  VerifyStageResult,
  AnalysesResult,
} from './pipeline/index.js';
export { studyJsonSchema } from './config/study-schema.js';
export { enqueueStudy, runWorker, studyStatus, type EnqueueOptions, type WorkerOptions, type RunStatus } from './queue/index.js';

// Reports and the viewer.
export {
  reportStudy,
  writeReport,
  gatherReportData,
  validateReportData,
  type ReportData,
  type ReportStudyOptions,
  type WriteReportOptions,
  type GatherOptions,
} from './report/index.js';
export { startViewer, viewStudy, StudySampleSource, type ViewerOptions, type ViewStudyOptions } from './view/index.js';
