import type { StudyStore } from '../study/store.js';
import type { ProblemRecord, SampleRecord } from '../study/types.js';
import { checkCapabilities } from './capability-check.js';
import { RequestFailure } from './http/request-failure.js';
import { probeCapabilities, type Capabilities } from './probe.js';
import { renderPrompt, type PromptRule } from './prompt-source.js';
import { scoreResponse, type ResponseScore } from './response-score.js';
import { DEFAULT_RETRY, seededRandom, type RetryPolicy } from './retry-policy.js';
import { runScheduled } from './scheduler.js';
import type { Provider, TokenLogprobs } from './types.js';

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
  /** Texts per call for providers that score in batches (default 64). */
  batchSize?: number;
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

  const summary: ScoreSummary = {
    scored: 0,
    skipped: 0,
    failed: 0,
    errors: [],
    tokens: 0,
    bytes: 0,
    nllSum: 0,
    perplexityPerToken: null,
    perplexityPerByte: null,
    seconds: 0,
  };
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
  /** Stores one call's scores in one transaction and counts them. */
  const record = async (items: { s: SampleRecord; r: ResponseScore | RequestFailure }[]): Promise<void> => {
    const good: { s: SampleRecord; r: ResponseScore }[] = [];
    for (const { s, r } of items) {
      if (r instanceof RequestFailure) {
        summary.failed++;
        if (summary.errors.length < 5) summary.errors.push(`sample ${s.id}: ${r.message}`);
      } else good.push({ s, r });
    }
    if (good.length > 0) {
      await o.store.putScores(
        good.map(({ s, r }) => ({
          scorerModelId: scorer.id,
          sampleId: s.id,
          tokenCount: r.tokenCount,
          nllSum: r.nllSum,
          byteCount: r.byteCount,
          entropy: r.entropy,
        })),
      );
    }
    for (const { r } of good) {
      summary.scored++;
      summary.tokens += r.tokenCount;
      summary.bytes += r.byteCount;
      summary.nllSum += r.nllSum;
    }
    o.onProgress?.(summary.scored, summary.failed);
  };
  const toScore = (s: SampleRecord, scored: TokenLogprobs): ResponseScore | RequestFailure => {
    try {
      return scoreResponse(scored, promptOf(s.problemId).length, s.text as string);
    } catch (e) {
      return new RequestFailure('unsupported', (e as Error).message);
    }
  };
  const options = { maxConcurrency: o.concurrency, retry: o.retry ?? DEFAULT_RETRY, random: seededRandom(o.runId), signal: o.signal };

  const scoreTexts = o.provider.scoreTexts?.bind(o.provider);
  if (scoreTexts) {
    // Providers that batch (the lab, in-process) get many texts per call.
    await runScheduled(
      batches(pending(), o.batchSize ?? 64),
      async (batch, signal) => {
        const scored = await scoreTexts(
          batch.map((s) => promptOf(s.problemId) + (s.text as string)),
          topK,
          signal,
        );
        return scored.map((r, i) => (r instanceof RequestFailure ? r : toScore(batch[i], r)));
      },
      async (batch, outcome) => {
        await record(batch.map((s, i) => ({ s, r: outcome.ok ? outcome.value[i] : outcome.error })));
      },
      options,
    );
  } else {
    await runScheduled(
      pending(),
      async (s, signal) => {
        const r = toScore(s, await o.provider.scoreText(promptOf(s.problemId) + (s.text as string), topK, signal));
        if (r instanceof RequestFailure) throw r;
        return r;
      },
      async (s, outcome) => record([{ s, r: outcome.ok ? outcome.value : outcome.error }]),
      options,
    );
  }
  summary.perplexityPerToken = summary.tokens > 0 ? Math.exp(summary.nllSum / summary.tokens) : null;
  summary.perplexityPerByte = summary.bytes > 0 ? Math.exp(summary.nllSum / summary.bytes) : null;
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

async function* batches<T>(source: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const x of source) {
    batch.push(x);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
