import type { StudyBenchmark } from './resolve-benchmarks.js';
import type { PromptRule } from '../sample/prompt-source.js';
import type { SamplingParams } from '../sample/types.js';
import type { ModelRole } from '../study/types.js';
import type { Verifier } from '../verify/verifier.js';

/**
 * How a model of the study is reached, with every path made absolute: the same for an in-process
 * run, a queue worker on another machine (same absolute paths) and the analyses.
 */
export interface PlannedModel {
  /** The study's name for it. */
  name: string;
  /** The name the server serves. */
  servedName: string;
  api: 'completions' | 'chat';
  endpoints?: string[];
  checkpoint?: string;
  apiKeyEnv?: string;
  tokenizerConfig?: string;
  role?: ModelRole;
  /** How the study records the provider: "lab", "openai-completions", "openai-chat". */
  provider: string;
  /** The normalized endpoint(s) joined by ", ", or lab:DIR. */
  endpoint: string;
}

/**
 * One run of a study, fully resolved: which model on which benchmark, with which sampling settings,
 * prompt rule and verifier. Every consumer — `rlbound run`, the queue's enqueue and workers,
 * `verify`, the analyses, `status` — works from these, so defaults are filled in one place.
 */
export interface RunSpec {
  model: PlannedModel;
  benchmark: StudyBenchmark;
  /** The template name the rule was built from (queue scoring jobs rebuild the rule from it). */
  template: string;
  rule: PromptRule;
  /** Samples per problem. */
  n: number;
  params: SamplingParams;
  baseSeed: number;
  /** Requests in flight per server. */
  concurrency: number;
  verifier: Verifier;
}

/** Defaults when neither the study file, its preset, the model nor the benchmark entry says. */
export const SAMPLING_DEFAULTS = { temperature: 0.6, top_p: 0.95, max_tokens: 1024, seed: 0, concurrency: 16 } as const;

/** A planned run once it is in the store: its id, with the names the analyses and messages use. */
export interface StudyRunRef {
  model: string;
  benchmark: string;
  runId: number;
  spec: RunSpec;
}
