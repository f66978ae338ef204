import { deriveSeed, type CharTokenizer, type Sampler } from '../model/index.js';
import type { TaskFamily, TaskProblem } from '../tasks/task.js';

/** One generated response with its verdict, ready for the RL step batch. */
export interface Rollout {
  problem: TaskProblem;
  /** Prompt ids (BOS first). */
  prompt: number[];
  /** Response ids, including EOS when the model stopped. */
  response: number[];
  /** The response text without EOS (what the verifier saw). */
  text: string;
  correct: 0 | 1;
  truncated: boolean;
}

export interface RolloutOptions {
  temperature: number;
  maxTokens: number;
  /** Base seed of this generation round; sample i of prompt g uses deriveSeed(deriveSeed(seed, g), i). */
  seed: number;
}

/** Response text as the verifier sees it: decoded, with the EOS removed. */
export function responseText(tokenizer: CharTokenizer, response: ArrayLike<number>): string {
  const ids = Array.from(response);
  if (ids.length > 0 && ids[ids.length - 1] === tokenizer.eos) ids.pop();
  return tokenizer.decode(ids);
}

/**
 * Samples `n` responses for every problem (temperature 0 = greedy) and verifies each. The
 * returned groups are in problem order, samples in seed order.
 */
export function generateRollouts(
  sampler: Pick<Sampler, 'sample'>,
  task: TaskFamily,
  tokenizer: CharTokenizer,
  problems: readonly TaskProblem[],
  n: number,
  options: RolloutOptions,
): Rollout[][] {
  const prompts = problems.map((p) => tokenizer.encode(p.prompt));
  const requests = prompts.map((prompt, g) => ({
    prompt,
    seeds: Array.from({ length: n }, (_, i) => deriveSeed(deriveSeed(options.seed, g), i)),
  }));
  const samples = sampler.sample(requests, { temperature: options.temperature, maxTokens: options.maxTokens, stopTokens: [tokenizer.eos] });
  return samples.map((group, g) =>
    group.map((s) => {
      const response = Array.from(s.tokens);
      const text = responseText(tokenizer, response);
      const correct = s.finishReason === 'stop' && task.verify(problems[g], text).correct ? 1 : 0;
      return { problem: problems[g], prompt: prompts[g], response, text, correct, truncated: s.finishReason === 'length' };
    }),
  );
}
