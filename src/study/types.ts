import type { JsonObject, JsonValue } from './json.js';

/** A model that produced or scored samples (an endpoint, or a lab checkpoint). */
export interface ModelInput {
  /** Unique within the study, e.g. "Qwen2.5-7B" or "lab:grpo-step300". */
  name: string;
  /** "openai-completions", "openai-chat", "lab", "import", … */
  provider: string;
  endpoint?: string | null;
  /** Tokenizer, chat template, parameter count, anything descriptive. */
  info?: JsonObject;
}
/**
 * What a model is in the study's comparison: the base model every "did RL add anything" analysis
 * compares against, an RL-tuned or distilled or SFT model, or something else. Declared by the user
 * (`--role`, study files); null when nobody said — analyses that need a base then say so instead of
 * guessing from insertion order.
 */
export type ModelRole = 'base' | 'rl' | 'distill' | 'sft' | 'other';
export const MODEL_ROLES: readonly ModelRole[] = ['base', 'rl', 'distill', 'sft', 'other'];

export interface ModelRecord extends Required<ModelInput> {
  id: number;
  endpoint: string | null;
  /** The declared role; null when none was declared. */
  role: ModelRole | null;
  createdAt: number;
}

export interface BenchmarkInput {
  name: string;
  /** Where the problems came from (file path, hub id, "import:FILE"). */
  source: string;
  /** Hash of the problem content; a changed benchmark is a different benchmark. */
  contentHash: string;
}
export interface BenchmarkRecord extends BenchmarkInput {
  id: number;
  createdAt: number;
}

export interface ProblemInput {
  /** 0-based position in the benchmark (the paper's row index). */
  index: number;
  /** Stable external id (the benchmark's own id, or the index as a string). */
  key: string;
  prompt: string;
  /** Ground truth: an answer string, test cases, … (JSON). */
  gold?: JsonValue;
  metadata?: JsonObject;
}
export interface ProblemRecord {
  id: number;
  benchmarkId: number;
  index: number;
  key: string;
  prompt: string;
  gold: JsonValue;
  metadata: JsonObject;
}

/**
 * A run: one model on one benchmark with fixed sampling parameters. Identified by (model,
 * benchmark, sampling, base seed, prompt template hash); the target n may grow (resume to more
 * samples) without making a new run.
 */
export interface RunInput {
  modelId: number;
  benchmarkId: number;
  /** Temperature, top-p, max tokens, stop, … — compared as canonical JSON. */
  sampling: JsonObject;
  targetN: number;
  baseSeed: number;
  promptTemplateHash: string;
  label?: string | null;
  /** Set when the run is created for per-problem counts without samples (not part of its identity). */
  countsOnly?: boolean;
}
export interface RunRecord extends Omit<RunInput, 'label' | 'countsOnly'> {
  id: number;
  label: string | null;
  /** What a probe found the server to support (n, seeds, logprobs, …); null until probed. */
  capabilities: JsonValue | null;
  /**
   * True for a run imported as per-problem counts only ({n, c}, e.g. a paper's table): it has no
   * sample texts and no sample order, so analyses that need texts (perplexity, answers, the CoT
   * queue, "first k samples") cannot run on it; `loadOutcomes` returns n and c without scores.
   */
  countsOnly: boolean;
  createdAt: number;
}

/** Per-problem counts of a counts-only run under one verifier key (the source's grading). */
export interface ProblemCountInput extends VerifierKey {
  runId: number;
  problemId: number;
  /** The import the counts came from (pooled imports add up; none is rewritten). */
  importId: number;
  n: number;
  c: number;
}

/**
 * One import into a run: which file in which format, its content hash (re-importing the same
 * content is a no-op), where its samples went (sample indices [firstSampleIndex, firstSampleIndex +
 * samples) of every problem it covers) and what the file said about how it was sampled. A run
 * may hold several imports (seed files pooled, a checkpoint's dumps).
 */
export interface ImportInput {
  runId: number;
  /** Reader that parsed the file: "math-eval", "lm-eval", "counts", … */
  format: string;
  /** The file (or folder) as given. */
  file: string;
  /** SHA-256 of the file's bytes (of the folder's files, in name order). */
  contentHash: string;
  /** Samples (or, for counts, the summed n) the import stored. */
  samples: number;
  firstSampleIndex: number;
  countsOnly: boolean;
  /** Sampling settings and anything else the file said (temperature, top_p, max_tokens, n, seed, engine, step, …). */
  settings?: JsonObject;
}
export interface ImportRecord extends Required<ImportInput> {
  id: number;
  createdAt: number;
}

/**
 * One slot of a run. Exactly one of `text` (a sample) and `error` (the request failed for good)
 * is non-null. A stored sample is never overwritten; a stored error is replaced by a later
 * sample (or a newer error) for the same slot.
 */
export interface SampleInput {
  runId: number;
  problemId: number;
  sampleIndex: number;
  seed: number;
  text: string | null;
  error?: string | null;
  finishReason?: string | null;
  stopReason?: string | null;
  promptTokens?: number | null;
  completionTokens?: number | null;
  /** Sum of the sampled tokens' log-probabilities, when the server returned them. */
  logprobSum?: number | null;
  latencyMs?: number | null;
  attempts?: number | null;
}
export interface SampleRecord {
  id: number;
  runId: number;
  problemId: number;
  sampleIndex: number;
  seed: number;
  text: string | null;
  error: string | null;
  finishReason: string | null;
  stopReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  logprobSum: number | null;
  latencyMs: number | null;
  attempts: number | null;
  createdAt: number;
}

/** A failed slot: the request for it failed permanently. */
export interface FailedSlotInput {
  runId: number;
  problemId: number;
  sampleIndex: number;
  seed: number;
  error: string;
  latencyMs?: number | null;
  attempts?: number | null;
}

/** Result of an idempotent batch write. */
export interface WriteResult {
  /** Rows inserted or replaced. */
  written: number;
  /** Rows left as they were (already stored). */
  unchanged: number;
}

/** Which grader produced a verdict: e.g. { verifier: "math", policy: "paper", version: "1" }. */
export interface VerifierKey {
  verifier: string;
  policy: string;
  version: string;
}

export interface VerdictInput extends VerifierKey {
  sampleId: number;
  correct: boolean;
  /** The answer the grader extracted (null when none). */
  extracted: string | null;
  /** Short human-readable explanation. */
  reason: string;
  durationMs: number;
  detail?: JsonValue;
}
export interface VerdictRecord extends VerdictInput {
  id: number;
  detail: JsonValue;
  createdAt: number;
}

/** The log-likelihood of a sample's text under a scorer model (for perplexity). */
export interface ScoreInput {
  scorerModelId: number;
  sampleId: number;
  tokenCount: number;
  /** Σ −log p(token) in nats over the response tokens, conditioned on the prompt. */
  nllSum: number;
  byteCount: number;
  /** Mean per-token entropy of the scorer's distribution, when computed. */
  entropy?: number | null;
}
export interface ScoreRecord extends Required<ScoreInput> {
  id: number;
  entropy: number | null;
  createdAt: number;
}
/** A score with the sample's problem, as the perplexity analysis reads it. */
export interface ScoredSample extends ScoreRecord {
  runId: number;
  problemKey: string;
  sampleIndex: number;
}

/** A lab model checkpoint and where it came from (base → RL algorithm/step → distilled). */
export interface LabCheckpointInput {
  name: string;
  parentName?: string | null;
  /** "pretrain", "sft", "rl", "distill", … */
  stage: string;
  algorithm?: string | null;
  step?: number | null;
  /** Where the weights are (e.g. a safetensors file relative to the study). */
  path?: string | null;
  config?: JsonObject;
  metrics?: JsonObject;
}
export interface LabCheckpointRecord {
  id: number;
  name: string;
  parentId: number | null;
  parentName: string | null;
  stage: string;
  algorithm: string | null;
  step: number | null;
  path: string | null;
  config: JsonObject;
  metrics: JsonObject;
  createdAt: number;
}

/** A person's judgement of a correct response's reasoning (the CoT inspection queue). */
export type ReviewVerdict = 'valid' | 'invalid' | 'unsure';
export interface ReviewInput {
  sampleId: number;
  reviewer: string;
  verdict: ReviewVerdict;
  note?: string;
}
export interface ReviewRecord extends Required<ReviewInput> {
  id: number;
  createdAt: number;
}

/** Counts describing how far a run has got. */
export interface RunProgress {
  runId: number;
  targetN: number;
  problems: number;
  samples: number;
  failedSlots: number;
  /** Present when asked for a verifier key. */
  verified?: number;
  correct?: number;
}

/** One row of the per-sample table (exports, viewers): the sample with its context and verdict. */
export interface SampleTableRow {
  sampleId: number;
  runId: number;
  model: string;
  benchmark: string;
  problem: string;
  problemIndex: number;
  sampleIndex: number;
  seed: number;
  text: string | null;
  error: string | null;
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  latencyMs: number | null;
  /** Null when no verdict of the chosen verifier exists (or none was chosen). */
  correct: boolean | null;
  extracted: string | null;
  /** Why the verifier decided as it did (the deciding layer, or the failure); null without a verdict. */
  reason: string | null;
}
