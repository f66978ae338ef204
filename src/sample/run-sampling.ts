import { duplicateStats } from './duplicates.js';
import { GroupCommit } from './group-commit.js';
import type { RequestFailure } from './http/request-failure.js';
import { planChunks, type Chunk } from './plan.js';
import type { Capabilities } from './probe.js';
import { DEFAULT_RETRY, seededRandom, type RetryPolicy } from './retry-policy.js';
import type { SampleSink, SampleSlot } from './sample-sink.js';
import { runScheduled } from './scheduler.js';
import type { GenerateResponse, Prompt, Provider, SamplingParams } from './types.js';

/**
 * The sampling loop: for each problem, plan the missing sample indices into requests, run them
 * with adaptive concurrency and retries, and store every slot as soon as its request finishes.
 * Problems are visited lazily, one plan at a time, so memory does not grow with the run.
 */
export interface ProblemPrompt {
  /** The problem's index in its benchmark (part of every sample's seed). */
  index: number;
  prompt: Prompt;
}

export interface SamplingProgress {
  /** Slots missing at the start of this invocation, when the caller knows (for the ETA). */
  total: number | null;
  /** Slots planned into requests so far. */
  planned: number;
  stored: number;
  failedSlots: number;
  failedAttempts: number;
  completionTokens: number;
  inFlight: number;
}

export interface SamplingOptions {
  provider: Provider;
  sink: SampleSink;
  problems: Iterable<ProblemPrompt> | AsyncIterable<ProblemPrompt>;
  n: number;
  seedOf: (problemIndex: number, sampleIndex: number) => number;
  params: SamplingParams;
  caps: Capabilities;
  /** User cap on concurrent requests. */
  concurrency: number;
  /** Cap on choices per request even where the server takes more (huge responses are slow to parse). */
  maxChoicesPerRequest?: number;
  retry?: RetryPolicy;
  /** Seeds the retry jitter (not the samples). */
  jitterSeed?: number;
  onProgress?: (p: SamplingProgress) => void;
  /** Slots missing at start (for progress); unknown if omitted. */
  total?: number;
  signal?: AbortSignal;
}

export interface ProblemDuplicates {
  problemIndex: number;
  total: number;
  distinct: number;
  duplicates: number;
  longestRepeatedBytes: number;
  /**
   * The signature of reused or ignored seeds: the probe found seeds not honoured, or more than
   * half the samples are copies of texts of 64 bytes or more (reasoning-length outputs at T > 0
   * do not repeat by chance; short answers do).
   */
  suspicious: boolean;
}

export interface SamplingSummary {
  planned: number;
  stored: number;
  failedSlots: number;
  failedAttempts: number;
  completionTokens: number;
  requests: number;
  peakConcurrency: number;
  seconds: number;
  /** Problems with at least one duplicate sample (only checked at temperature > 0). */
  duplicateProblems: ProblemDuplicates[];
  duplicateSamples: number;
}

/** The progress of a finished sampling run, as its last progress line shows it. */
export function finishedProgress(s: SamplingSummary): SamplingProgress {
  return {
    total: s.planned,
    planned: s.planned,
    stored: s.stored,
    failedSlots: s.failedSlots,
    failedAttempts: s.failedAttempts,
    completionTokens: s.completionTokens,
    inFlight: 0,
  };
}

export async function runSampling(o: SamplingOptions): Promise<SamplingSummary> {
  const started = performance.now();
  const maxChoices = o.caps.nSupported && o.caps.nConsecutiveSeeds ? Math.max(1, o.maxChoicesPerRequest ?? 64) : 1;
  const progress: SamplingProgress = { total: o.total ?? null, planned: 0, stored: 0, failedSlots: 0, failedAttempts: 0, completionTokens: 0, inFlight: 0 };
  const prompts = new Map<number, Prompt>();
  const seen: number[] = [];
  const commit = new GroupCommit(o.sink);
  let requests = 0;
  const wantLogprobs = o.caps.logprobs ? 0 : undefined;

  async function* chunks(): AsyncGenerator<Chunk> {
    for await (const p of o.problems) {
      seen.push(p.index);
      const present = await o.sink.presentIndices(p.index);
      prompts.set(p.index, p.prompt);
      const planned = planChunks({ problemIndex: p.index, n: o.n, present, seedOf: (i) => o.seedOf(p.index, i), maxChoices });
      for (const c of planned) {
        progress.planned += c.count;
        yield c;
      }
    }
  }

  const toSlots = (c: Chunk, res: GenerateResponse, latencyMs: number, attempts: number): SampleSlot[] =>
    res.choices.map((ch, i) => ({
      problemIndex: c.problemIndex,
      sampleIndex: c.firstSample + i,
      seed: c.seed + i,
      text: ch.text,
      finishReason: ch.finishReason,
      stopReason: ch.stopReason,
      completionTokens: ch.completionTokens,
      logprobSum: ch.logprobSum,
      latencyMs,
      attempts,
      error: null,
    }));

  const errorSlots = (c: Chunk, err: RequestFailure, attempts: number): SampleSlot[] =>
    Array.from({ length: c.count }, (_, i) => ({
      problemIndex: c.problemIndex,
      sampleIndex: c.firstSample + i,
      seed: c.seed + i,
      text: null,
      finishReason: null,
      stopReason: null,
      completionTokens: null,
      logprobSum: null,
      latencyMs: null,
      attempts,
      error: `${err.kind}${err.status !== null ? ` ${err.status}` : ''}: ${err.message}`,
    }));

  const { peakConcurrency } = await runScheduled(
    chunks(),
    async (c, signal) => {
      requests++;
      progress.inFlight++;
      try {
        const prompt = prompts.get(c.problemIndex) as Prompt;
        return await o.provider.generate({ prompt, n: c.count, seed: c.seed, params: o.params, logprobs: wantLogprobs }, signal);
      } finally {
        progress.inFlight--;
      }
    },
    async (c, outcome) => {
      if (outcome.ok) {
        const slots = toSlots(c, outcome.value, outcome.latencyMs, outcome.attempts);
        await commit.add(slots);
        progress.stored += slots.length;
        for (const s of slots) progress.completionTokens += s.completionTokens ?? 0;
      } else {
        await commit.add(errorSlots(c, outcome.error, outcome.attempts));
        progress.failedSlots += c.count;
      }
      o.onProgress?.(progress);
    },
    {
      maxConcurrency: o.concurrency,
      retry: o.retry ?? DEFAULT_RETRY,
      random: seededRandom(o.jitterSeed ?? 0x5eed),
      signal: o.signal,
      onAttemptFailed: () => {
        progress.failedAttempts++;
        o.onProgress?.(progress);
      },
    },
  );

  const duplicateProblems: ProblemDuplicates[] = [];
  if (o.params.temperature > 0) {
    for (const index of seen) {
      const d = duplicateStats(await o.sink.texts(index));
      const seedsBroken = !o.caps.seedDiverse || !o.caps.seedDeterministic;
      if (d.duplicates > 0)
        duplicateProblems.push({ problemIndex: index, ...d, suspicious: seedsBroken || (d.distinct * 2 < d.total && d.longestRepeatedBytes >= 64) });
    }
  }
  return {
    planned: progress.planned,
    stored: progress.stored,
    failedSlots: progress.failedSlots,
    failedAttempts: progress.failedAttempts,
    completionTokens: progress.completionTokens,
    requests,
    peakConcurrency,
    seconds: (performance.now() - started) / 1000,
    duplicateProblems,
    duplicateSamples: duplicateProblems.reduce((s, d) => s + d.duplicates, 0),
  };
}
