// Public API of the sampling engine (docs/sampling.md).
export type { ChatMessage, Prompt, SamplingParams, GenerateRequest, GenerateResponse, GeneratedChoice, TokenLogprobs, Provider, ServedModel } from './types.js';
export { connect, normalizeEndpoint, type EndpointConfig, type Connection } from './connect.js';
export { OpenAICompletionsProvider } from './providers/openai-completions.js';
export { OpenAIChatProvider } from './providers/openai-chat.js';
export { LabProvider } from './providers/lab.js';
export { EndpointPool, type EndpointPoolOptions, type EndpointStats } from './providers/endpoint-pool.js';
export { JsonClient, type JsonClientOptions } from './http/json-client.js';
export { RequestFailure, type FailureKind } from './http/request-failure.js';
export { loadChatTemplate, chatTemplateFromConfig, type ChatTemplate } from './chat-template.js';
export { probeCapabilities, type Capabilities, type ProbeOptions } from './probe.js';
export { checkCapabilities, CapabilityError, type Needs } from './capability-check.js';
export { planChunks, type Chunk, type PlanOptions } from './plan.js';
export { runScheduled, type SchedulerOptions, type TaskOutcome } from './scheduler.js';
export { AdaptiveLimit } from './adaptive-limit.js';
export { DEFAULT_RETRY, backoffDelay, seededRandom, type RetryPolicy } from './retry-policy.js';
export { retrying, retryingOrThrow, type RetryOptions, type Attempted } from './retrying.js';
export { duplicateStats, type DuplicateStats } from './duplicates.js';
export type { SampleSink, SampleSlot } from './sample-sink.js';
export { StudySink } from './study-sink.js';
export { GroupCommit } from './group-commit.js';
export {
  runSampling,
  finishedProgress,
  type SamplingOptions,
  type SamplingSummary,
  type SamplingProgress,
  type ProblemPrompt,
  type ProblemDuplicates,
} from './run-sampling.js';
export { sampleRun, samplingRecord, type SampleRunOptions, type SampleRunResult } from './sample-run.js';
export { renderPrompt, promptRuleHash, ruleStops, type PromptRule } from './prompt-source.js';
export { registerBenchmark } from './register-benchmark.js';
export { runSampleJob, type SampleJobOptions } from './sample-job.js';
export { progressReporter, progressLine, formatDuration, type ProgressReporter, type ProgressOptions } from './progress.js';
export { scoreRun, type ScoreRunOptions, type ScoreSummary } from './score-run.js';
export { scoreResponse, type ResponseScore } from './response-score.js';
export { runScoreJob, type ScoreJobOptions } from './score-job.js';
export { openProvider, type ProviderChoice, type OpenedProvider } from './open-provider.js';
