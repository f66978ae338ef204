import { z } from 'zod';
import type { ScoredResponse } from '../../analyze/index.js';
import { sampleSeed } from '../../study/index.js';
import { scoreContinuations, type GptModel, type Sampler, type CharTokenizer } from '../model/index.js';
import type { TaskFamily, TaskProblem } from '../tasks/task.js';

/** Evaluation protocol: n samples per held-out problem at temperature T (paper: 256 at 0.6). */
export const EvalSettingsSchema = z
  .object({
    n: z.number().int().min(1).default(256),
    temperature: z.number().min(0).default(0.6),
    topP: z.number().gt(0).max(1).default(1),
    maxTokens: z.number().int().min(1).default(40),
    /** The same sampling seed for every model, so differences come from the models alone. */
    seed: z.number().int().min(0).default(12345),
    /** Problems per sampler call (bounds the KV-cache memory: problems × n rows). */
    problemsPerCall: z.number().int().min(1).default(8),
    /** Responses per problem scored under the base model for perplexity (first ones, in seed order). */
    perplexitySamples: z.number().int().min(1).default(16),
  })
  .strict();
export type EvalSettings = z.output<typeof EvalSettingsSchema>;
export type EvalSettingsInput = z.input<typeof EvalSettingsSchema>;

export interface EvaluatedResponse {
  text: string;
  /** Generated ids, EOS included when the model stopped. */
  tokens: number[];
  seed: number;
  finish: 'stop' | 'length';
  correct: boolean;
  reason: string;
}

export interface ProblemSamples {
  problem: TaskProblem;
  responses: EvaluatedResponse[];
}

/**
 * Draws `n` samples for every problem and verifies each. Sample i of problem p always uses the
 * study store's seed sampleSeed(seed, p, i), whatever the chunking, so a rerun reproduces every
 * sample and the store's no-collision guarantee holds.
 */
export function sampleAndVerify(
  sampler: Pick<Sampler, 'sample'>,
  tokenizer: CharTokenizer,
  task: TaskFamily,
  problems: readonly TaskProblem[],
  settingsInput: EvalSettingsInput,
  onProgress?: (done: number, total: number) => void,
): ProblemSamples[] {
  const s = EvalSettingsSchema.parse(settingsInput);
  const out: ProblemSamples[] = [];
  for (let start = 0; start < problems.length; start += s.problemsPerCall) {
    const chunk = problems.slice(start, start + s.problemsPerCall);
    const requests = chunk.map((p, j) => ({
      prompt: tokenizer.encode(p.prompt),
      seeds: Array.from({ length: s.n }, (_, i) => sampleSeed(s.seed, start + j, i)),
    }));
    const samples = sampler.sample(requests, { temperature: s.temperature, topP: s.topP, maxTokens: s.maxTokens, stopTokens: [tokenizer.eos] });
    samples.forEach((group, j) => {
      const problem = chunk[j];
      out.push({
        problem,
        responses: group.map((g, i) => {
          const tokens = Array.from(g.tokens);
          const text = tokenizer.decode(g.finishReason === 'stop' ? tokens.slice(0, -1) : tokens);
          // A response cut off before EOS is wrong, whatever its prefix says.
          const verdict = g.finishReason === 'stop' ? task.verify(problem, text) : { correct: false, reason: 'truncated' };
          return { text, tokens, seed: requests[j].seeds[i], finish: g.finishReason, correct: verdict.correct, reason: verdict.reason };
        }),
      });
    });
    onProgress?.(Math.min(problems.length, start + chunk.length), problems.length);
  }
  return out;
}

/**
 * Scores the first `perProblem` responses of every problem under `scorer` (e.g. the base model):
 * NLL summed over the response tokens, EOS included, given the prompt (PPL = exp(NLL / tokens)).
 */
export function scoreResponses(scorer: GptModel, tokenizer: CharTokenizer, samples: readonly ProblemSamples[], perProblem: number): ScoredResponse[] {
  const items = samples.flatMap((ps) =>
    ps.responses.slice(0, perProblem).map((r) => ({ prompt: tokenizer.encode(ps.problem.prompt), continuation: r.tokens })),
  );
  return scoreContinuations(scorer, items).map((s, i) => ({
    nllSum: Math.max(0, -s.totalLogprob),
    tokens: items[i].continuation.length,
  }));
}
