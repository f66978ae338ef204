// Mapping between rows of either engine (snake_case, JSON as text, booleans as 0/1) and the store's records.
import type { JsonObject, JsonValue } from '../json.js';
import type {
  BenchmarkRecord,
  ImportRecord,
  LabCheckpointRecord,
  ModelRecord,
  ModelRole,
  ProblemRecord,
  ReviewRecord,
  ReviewVerdict,
  RunRecord,
  SampleRecord,
  SampleTableRow,
  ScoredSample,
} from '../types.js';

export type Row = Record<string, unknown>;

const json = <T extends JsonValue>(v: unknown): T => JSON.parse(v as string) as T;
const num = (v: unknown): number => v as number;
const numOrNull = (v: unknown): number | null => (v === null ? null : (v as number));
const strOrNull = (v: unknown): string | null => (v === null ? null : (v as string));

export const toModel = (r: Row): ModelRecord => ({
  id: num(r.id),
  name: r.name as string,
  provider: r.provider as string,
  endpoint: strOrNull(r.endpoint),
  info: json<JsonObject>(r.info),
  role: (r.role ?? null) as ModelRole | null,
  createdAt: num(r.created_at),
});

export const toBenchmark = (r: Row): BenchmarkRecord => ({
  id: num(r.id),
  name: r.name as string,
  source: r.source as string,
  contentHash: r.content_hash as string,
  createdAt: num(r.created_at),
});

export const toProblem = (r: Row): ProblemRecord => ({
  id: num(r.id),
  benchmarkId: num(r.benchmark_id),
  index: num(r.idx),
  key: r.key as string,
  prompt: r.prompt as string,
  gold: json(r.gold),
  metadata: json<JsonObject>(r.metadata),
});

export const toRun = (r: Row): RunRecord => ({
  id: num(r.id),
  modelId: num(r.model_id),
  benchmarkId: num(r.benchmark_id),
  sampling: json<JsonObject>(r.sampling),
  targetN: num(r.target_n),
  baseSeed: num(r.base_seed),
  promptTemplateHash: r.prompt_template_hash as string,
  label: strOrNull(r.label),
  capabilities: r.capabilities === null ? null : json(r.capabilities),
  countsOnly: Number(r.counts_only) === 1,
  createdAt: num(r.created_at),
});

export const toImport = (r: Row): ImportRecord => ({
  id: num(r.id),
  runId: num(r.run_id),
  format: r.format as string,
  file: r.file as string,
  contentHash: r.content_hash as string,
  samples: num(r.samples),
  firstSampleIndex: num(r.first_sample_index),
  countsOnly: Number(r.counts_only) === 1,
  settings: json<JsonObject>(r.settings),
  createdAt: num(r.created_at),
});

export const toSample = (r: Row): SampleRecord => ({
  id: num(r.id),
  runId: num(r.run_id),
  problemId: num(r.problem_id),
  sampleIndex: num(r.sample_index),
  seed: num(r.seed),
  text: strOrNull(r.text),
  error: strOrNull(r.error),
  finishReason: strOrNull(r.finish_reason),
  stopReason: strOrNull(r.stop_reason),
  promptTokens: numOrNull(r.prompt_tokens),
  completionTokens: numOrNull(r.completion_tokens),
  logprobSum: numOrNull(r.logprob_sum),
  latencyMs: numOrNull(r.latency_ms),
  attempts: numOrNull(r.attempts),
  createdAt: num(r.created_at),
});

export const toScoredSample = (r: Row): ScoredSample => ({
  id: num(r.id),
  scorerModelId: num(r.scorer_model_id),
  sampleId: num(r.sample_id),
  tokenCount: num(r.token_count),
  nllSum: num(r.nll_sum),
  byteCount: num(r.byte_count),
  entropy: numOrNull(r.entropy),
  createdAt: num(r.created_at),
  runId: num(r.run_id),
  problemKey: r.problem_key as string,
  sampleIndex: num(r.sample_index),
});

export const toCheckpoint = (r: Row): LabCheckpointRecord => ({
  id: num(r.id),
  name: r.name as string,
  parentId: numOrNull(r.parent_id),
  parentName: strOrNull(r.parent_name),
  stage: r.stage as string,
  algorithm: strOrNull(r.algorithm),
  step: numOrNull(r.step),
  path: strOrNull(r.path),
  config: json<JsonObject>(r.config),
  metrics: json<JsonObject>(r.metrics),
  createdAt: num(r.created_at),
});

export const toReview = (r: Row): ReviewRecord => ({
  id: num(r.id),
  sampleId: num(r.sample_id),
  reviewer: r.reviewer as string,
  verdict: r.verdict as ReviewVerdict,
  note: r.note as string,
  createdAt: num(r.created_at),
});

export const toSampleTableRow = (r: Row): SampleTableRow => ({
  sampleId: num(r.sample_id),
  runId: num(r.run_id),
  model: r.model as string,
  benchmark: r.benchmark as string,
  problem: r.problem as string,
  problemIndex: num(r.problem_index),
  sampleIndex: num(r.sample_index),
  seed: num(r.seed),
  text: strOrNull(r.text),
  error: strOrNull(r.error),
  finishReason: strOrNull(r.finish_reason),
  promptTokens: numOrNull(r.prompt_tokens),
  completionTokens: numOrNull(r.completion_tokens),
  latencyMs: numOrNull(r.latency_ms),
  correct: r.correct === null || r.correct === undefined ? null : r.correct === 1,
  extracted: strOrNull(r.extracted ?? null),
  reason: strOrNull(r.reason ?? null),
});
