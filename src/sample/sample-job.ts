import { existsSync } from 'node:fs';
import { loadBenchmark } from '../bench/load-benchmark.js';
import { builtinBenchmark } from '../bench/registry.js';
import { loadUserSpec } from '../bench/user-spec.js';
import { openStore } from '../study/open-store.js';
import { promptRuleFor } from './prompt-rule.js';
import type { Capabilities } from './probe.js';
import { ruleStops } from './prompt-source.js';
import { openProvider } from './open-provider.js';
import { registerBenchmark } from './register-benchmark.js';
import { sampleRun, type SampleRunResult } from './sample-run.js';
import type { SamplingProgress } from './run-sampling.js';

/**
 * `rlbound sample` as a library call: open the study, load and register the benchmark, build the
 * prompt rule, connect to the endpoint (or load the lab checkpoint in-process), and run.
 */
export interface SampleJobOptions {
  study: string;
  model: string;
  /** An OpenAI-compatible endpoint (several: one pooled provider, concurrency per endpoint), or… */
  endpoint?: string | readonly string[];
  /** …a lab checkpoint sampled in-process. */
  checkpoint?: string;
  /** A built-in benchmark name or a benchmark spec file (YAML/JSON). */
  bench: string;
  /** Override the benchmark's data file. */
  data?: string;
  limit?: number;
  n: number;
  temperature: number;
  topP: number;
  topK?: number;
  maxTokens: number;
  seed: number;
  concurrency: number;
  api?: 'completions' | 'chat';
  apiKeyEnv?: string;
  servedName?: string;
  /** A built-in template name, or "raw" (the question as-is); default: the benchmark's template. */
  template?: string;
  /** Render the template's messages with this tokenizer_config.json's chat template. */
  tokenizerConfig?: string;
  /** Extra stop strings (the template's are always sent). */
  stop?: string[];
  allowUnseeded?: boolean;
  timeoutMs?: number;
  maxChoicesPerRequest?: number;
  onProbe?: (caps: Capabilities, warnings: string[]) => void;
  onProgress?: (p: SamplingProgress) => void;
  signal?: AbortSignal;
}

export async function runSampleJob(o: SampleJobOptions): Promise<SampleRunResult> {
  const spec = existsSync(o.bench) ? await loadUserSpec(o.bench) : builtinBenchmark(o.bench);
  const loaded = await loadBenchmark(spec, { file: o.data, limit: o.limit });
  const rule = await promptRuleFor(o.template ?? spec.defaultTemplate, o.api ?? 'completions', o.tokenizerConfig, '--template');

  const servedName = o.servedName ?? o.model;
  const opened = openProvider({
    endpoint: o.endpoint,
    checkpoint: o.checkpoint,
    servedName,
    api: o.api,
    apiKeyEnv: o.apiKeyEnv,
    timeoutMs: o.timeoutMs,
    maxSockets: o.concurrency,
  });

  const store = await openStore(o.study);
  try {
    const { benchmark, problems } = await registerBenchmark(store, loaded);
    return await sampleRun({
      store,
      provider: opened.provider,
      modelName: o.model,
      servedName,
      providerKind: opened.kind,
      endpoint: opened.location,
      benchmarkId: benchmark.id,
      problems,
      rule,
      n: o.n,
      params: { temperature: o.temperature, topP: o.topP, topK: o.topK, maxTokens: o.maxTokens, stop: [...new Set([...ruleStops(rule), ...(o.stop ?? [])])] },
      baseSeed: o.seed,
      concurrency: o.concurrency * opened.servers,
      allowUnseeded: o.allowUnseeded,
      maxChoicesPerRequest: o.maxChoicesPerRequest,
      onProbe: o.onProbe,
      onProgress: o.onProgress,
      signal: o.signal,
    });
  } finally {
    opened.close();
    await store.close();
  }
}
