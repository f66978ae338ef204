import type { StudyStore } from '../study/store.js';
import type { JsonObject } from '../study/json.js';
import { sampleSeed } from '../study/seed.js';
import type { ProblemRecord, RunRecord } from '../study/types.js';
import { checkCapabilities } from './capability-check.js';
import { probeCapabilities, type Capabilities } from './probe.js';
import { problemImages, promptRuleHash, renderPrompt, type PromptRule } from './prompt-source.js';
import type { RetryPolicy } from './retry-policy.js';
import { runSampling, type SamplingProgress, type SamplingSummary } from './run-sampling.js';
import { StudySink } from './study-sink.js';
import type { Provider, SamplingParams } from './types.js';

/**
 * One sampling run into a study: find or create the run (model × benchmark × settings × seed ×
 * template), probe the server and store what it can do, refuse what it cannot honour, then top
 * every problem up to n. Calling it again on the same study resumes the run.
 */
export interface SampleRunOptions {
  store: StudyStore;
  provider: Provider;
  /** The study's name for the model. */
  modelName: string;
  /** The name the server serves (sent in requests, checked against /v1/models). */
  servedName: string;
  /** How the study records the provider (e.g. "openai-completions", "lab"). */
  providerKind: string;
  endpoint: string | null;
  benchmarkId: number;
  problems: readonly ProblemRecord[];
  rule: PromptRule;
  n: number;
  params: SamplingParams;
  baseSeed: number;
  concurrency: number;
  allowUnseeded?: boolean;
  maxChoicesPerRequest?: number;
  retry?: RetryPolicy;
  /** Retries of the probe's requests (default: `retry`). */
  probeRetry?: RetryPolicy;
  onProgress?: (p: SamplingProgress) => void;
  /** Called once the probe passed, with what it found and the warnings it raised. */
  onProbe?: (caps: Capabilities, warnings: string[]) => void;
  signal?: AbortSignal;
  /**
   * The run, when the caller registered it already (a study plan registers its runs itself, the
   * same way for in-process and queued sampling); otherwise it is found or created from the
   * fields above.
   */
  run?: RunRecord;
}

export interface SampleRunResult {
  run: RunRecord;
  created: boolean;
  capabilities: Capabilities;
  warnings: string[];
  summary: SamplingSummary;
}

export function samplingRecord(params: SamplingParams, api: string): JsonObject {
  return { api, temperature: params.temperature, top_p: params.topP, top_k: params.topK ?? null, max_tokens: params.maxTokens, stop: params.stop };
}

/** The model and run records of one sampling run: found when the study holds them, else created. */
export async function registerRun(
  store: StudyStore,
  o: Pick<SampleRunOptions, 'modelName' | 'servedName' | 'providerKind' | 'endpoint' | 'benchmarkId' | 'params' | 'n' | 'baseSeed' | 'rule'> & { api: string },
): Promise<{ run: RunRecord; created: boolean }> {
  const model = await store.putModel({ name: o.modelName, provider: o.providerKind, endpoint: o.endpoint, info: { servedName: o.servedName } });
  return store.findOrCreateRun({
    modelId: model.id,
    benchmarkId: o.benchmarkId,
    sampling: samplingRecord(o.params, o.api),
    targetN: o.n,
    baseSeed: o.baseSeed,
    promptTemplateHash: promptRuleHash(o.rule),
  });
}

export async function sampleRun(o: SampleRunOptions): Promise<SampleRunResult> {
  if (o.problems.length === 0) throw new RangeError('the benchmark has no problems');
  const { run, created } = o.run !== undefined ? { run: o.run, created: false } : await registerRun(o.store, { ...o, api: o.provider.api });
  const first = renderPrompt(o.rule, o.problems[0].prompt, problemImages(o.problems[0].metadata));
  const caps = await probeCapabilities(o.provider, { prompt: first, signal: o.signal, retry: o.probeRetry ?? o.retry });
  const warnings = checkCapabilities(caps, {
    model: o.servedName,
    temperature: o.params.temperature,
    maxTokens: o.params.maxTokens,
    allowUnseeded: o.allowUnseeded,
  });
  await o.store.setRunCapabilities(run.id, { ...caps, warnings } as unknown as JsonObject);
  o.onProbe?.(caps, warnings);

  let total = 0;
  for (const missing of (await o.store.missingSampleIndices(run.id, { n: o.n })).values()) total += missing.length;
  const summary = await runSampling({
    total,
    provider: o.provider,
    sink: new StudySink(o.store, run.id, o.problems),
    problems: (function* () {
      for (const p of o.problems) yield { index: p.index, prompt: renderPrompt(o.rule, p.prompt, problemImages(p.metadata)) };
    })(),
    n: o.n,
    seedOf: (p, s) => sampleSeed(o.baseSeed, p, s),
    params: o.params,
    caps,
    concurrency: o.concurrency,
    maxChoicesPerRequest: o.maxChoicesPerRequest,
    retry: o.retry,
    jitterSeed: o.baseSeed,
    onProgress: o.onProgress,
    signal: o.signal,
  });
  return { run: (await o.store.getRun(run.id)) ?? run, created, capabilities: caps, warnings, summary };
}
