import { z } from 'zod';
import { verifierSettingsSchema } from '../verify/verifier.js';

/**
 * What a job carries. Jobs are self-contained (the prompt is rendered by the coordinator), so a
 * worker needs only the store and, for sampling, a server. Job data come back from Redis and are
 * parsed like any other input.
 */
const prompt = z.union([
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({
    kind: z.literal('chat'),
    messages: z.array(
      z.object({
        role: z.enum(['system', 'user', 'assistant']),
        content: z.union([
          z.string(),
          z.array(
            z.union([
              z.object({ type: z.literal('text'), text: z.string() }),
              z.object({ type: z.literal('image_url'), image_url: z.object({ url: z.string() }) }),
            ]),
          ),
        ]),
      }),
    ),
  }),
]);

/** A slice of one problem's sample indices: [first, first + count). */
const slice = {
  runId: z.number().int().positive(),
  problemId: z.number().int().positive(),
  problemIndex: z.number().int().min(0),
  first: z.number().int().min(0),
  count: z.number().int().positive(),
};

/** How a worker reaches a model: the study file's endpoints (a worker's --endpoint replaces them) or a lab checkpoint. */
const modelAccess = z.object({
  servedName: z.string(),
  api: z.enum(['completions', 'chat']),
  endpoints: z.array(z.string()).optional(),
  /** A lab checkpoint directory, loaded in-process by the worker (same absolute path everywhere). */
  checkpoint: z.string().optional(),
  apiKeyEnv: z.string().optional(),
});
export type ModelAccess = z.infer<typeof modelAccess>;

export const sampleJobSchema = z.object({
  ...slice,
  baseSeed: z.number().int().min(0),
  prompt,
  params: z.object({
    temperature: z.number(),
    topP: z.number(),
    topK: z.number().int().optional(),
    maxTokens: z.number().int().positive(),
    stop: z.array(z.string()),
  }),
  model: modelAccess,
  /** Requests in flight per server for this job. */
  concurrency: z.number().int().positive(),
});
export type SampleJob = z.infer<typeof sampleJobSchema>;

export const verifyJobSchema = z.object({
  ...slice,
  /** The plan's verifier settings: the worker creates the same verifier an in-process run uses. */
  verifier: verifierSettingsSchema,
});
export type VerifyJob = z.infer<typeof verifyJobSchema>;

/**
 * Scoring one run's responses under a scorer model (perplexity). It waits (delayed, not failed)
 * until the run is fully sampled; the prompt rule is rebuilt from the template name, as the
 * in-process runner builds it.
 */
export const scoreJobSchema = z.object({
  runId: z.number().int().positive(),
  /** Samples per problem the run must hold before it is scored. */
  n: z.number().int().positive(),
  scorerName: z.string(),
  scorer: modelAccess,
  template: z.string(),
  api: z.enum(['completions', 'chat']),
  tokenizerConfig: z.string().optional(),
  concurrency: z.number().int().positive(),
});
export type ScoreJob = z.infer<typeof scoreJobSchema>;

/** Job ids are the slice itself: enqueueing the same slice twice while it waits adds nothing. */
export function jobId(role: 'sample' | 'verify', j: { runId: number; problemId: number; first: number; count: number }): string {
  return `${role}-${j.runId}-${j.problemId}-${j.first}-${j.count}`;
}
export const scoreJobId = (j: { runId: number; scorerName: string }): string => `score-${j.runId}-${j.scorerName}`;
