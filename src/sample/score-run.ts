import type { StudyStore } from '../study/store.js';
import type { ProblemRecord, SampleRecord } from '../study/types.js';
import { checkCapabilities } from './capability-check.js';
import { RequestFailure } from './http/request-failure.js';
import { probeCapabilities, type Capabilities } from './probe.js';
import { renderPrompt, type PromptRule } from './prompt-source.js';
import { scoreResponse } from './response-score.js';
import { DEFAULT_RETRY, seededRandom, type RetryPolicy } from './retry-policy.js';
import { runScheduled } from './scheduler.js';
import type { Provider } from './types.js';

/**
 * `rlbound score`: the log-likelihood of each stored response of a run under a scorer model,
 * conditioned on the run's own prompt. One echo request per sample (prompt + response,
 * max_tokens 0); samples already scored by this scorer are skipped, so scoring resumes.
 */
export interface ScoreRunOptions {
  store: StudyStore;
  provider: Provider;
  runId: number;
  scorerName: string;
  servedName: string;
  providerKind: string;
  endpoint: string | null;
  rule: PromptRule;
  concurrency: number;
  /** Top-k alternatives per token for the entropy estimate (0: no entropy from HTTP servers). */
  topLogprobs?: number;
  retry?: RetryPolicy;
  onProgress?: (done: number, failed: number) => void;
  onProbe?: (caps: Capabilities) => void;
  signal?: AbortSignal;
}

export interface ScoreSummary {
  scored: number;
  skipped: number;
  failed: number;
  /** Errors of failed samples (first few), for the message. */
  errors: string[];
  tokens: number;
  bytes: number;
  nllSum: number;
  /** exp(Σ NLL / Σ tokens) and exp(Σ NLL / Σ bytes) over the samples scored now. */
  perplexityPerToken: number | null;
  perplexityPerByte: number | null;
  seconds: number;
}

export async function scoreRun(o: ScoreRunOptions): Promise<ScoreSummary> {
  const started = performance.now();
  const run = await o.store.getRun(o.runId);
  if (run === null) throw new RangeError(`no run ${o.runId} in ${o.store.location}`);
  const problems = new Map<number, ProblemRecord>((await o.store.listProblems(run.benchmarkId)).map((p) => [p.id, p]));
  const scorer = await o.store.putModel({ name: o.scorerName, provider: o.providerKind, endpoint: o.endpoint, info: { servedName: o.servedName } });
  const done = new Set((await o.store.loadScores(run.id, scorer.id)).map((s) => s.sampleId));

  const firstProblem = problems.values().next().value as ProblemRecord;
  const caps = await probeCapabilities(o.provider, { prompt: renderPrompt(o.rule, firstProblem.prompt), signal: o.signal, retry: o.retry });
  checkCapabilities(caps, { model: o.servedName, temperature: 0, maxTokens: 1, echo: true });
  o.onProbe?.(caps);

  const summary: ScoreSummary = { scored: 0, skipped: 0, failed: 0, errors: [], tokens: 0, bytes: 0, nllSum: 0, perplexityPerToken: null, perplexityPerByte: null, seconds: 0 };
  const promptCache = new Map<number, string>();
  const promptOf = (problemId: number): string => {
    let p = promptCache.get(problemId);
    if (p === undefined) {
      const rendered = renderPrompt(o.rule, (problems.get(problemId) as ProblemRecord).prompt);
      if (rendered.kind !== 'text') throw new RangeError('scoring needs text prompts (completions endpoint)');
      p = rendered.text;
      promptCache.set(problemId, p);
    }
    return p;
  };

  async function* pending(): AsyncGenerator<SampleRecord> {
    for await (const s of o.store.iterateSamples(run!.id)) {
      if (s.text === null) continue;
      if (done.has(s.id)) {
        summary.skipped++;
        continue;
      }
      yield s;
    }
  }

  const topK = o.topLogprobs ?? 0;
  await runScheduled(
    pending(),
    async (s, signal) => {
      const prompt = promptOf(s.problemId);
      const scored = await o.provider.scoreText(prompt + (s.text as string), topK, signal);
      try {
        return scoreResponse(scored, prompt.length, s.text as string);
      } catch (e) {
        throw new RequestFailure('unsupported', (e as Error).message);
      }
    },
    async (s, outcome) => {
      if (!outcome.ok) {
        summary.failed++;
        if (summary.errors.length < 5) summary.errors.push(`sample ${s.id}: ${outcome.error.message}`);
      } else {
        const r = outcome.value;
        await o.store.putScores([{ scorerModelId: scorer.id, sampleId: s.id, tokenCount: r.tokenCount, nllSum: r.nllSum, byteCount: r.byteCount, entropy: r.entropy }]);
        summary.scored++;
        summary.tokens += r.tokenCount;
        summary.bytes += r.byteCount;
        summary.nllSum += r.nllSum;
      }
      o.onProgress?.(summary.scored, summary.failed);
    },
    { maxConcurrency: o.concurrency, retry: o.retry ?? DEFAULT_RETRY, random: seededRandom(o.runId), signal: o.signal },
  );
  summary.perplexityPerToken = summary.tokens > 0 ? Math.exp(summary.nllSum / summary.tokens) : null;
  summary.perplexityPerByte = summary.bytes > 0 ? Math.exp(summary.nllSum / summary.bytes) : null;
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
