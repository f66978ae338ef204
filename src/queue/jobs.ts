import { z } from 'zod';

/**
 * What a job carries. Jobs are self-contained (the prompt is rendered by the coordinator), so a
 * worker needs only the store and, for sampling, a server. Job data come back from Redis and are
 * parsed like any other input.
 */
const prompt = z.union([
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('chat'), messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() })) }),
]);

/** A slice of one problem's sample indices: [first, first + count). */
const slice = {
  runId: z.number().int().positive(),
  problemId: z.number().int().positive(),
  problemIndex: z.number().int().min(0),
  first: z.number().int().min(0),
  count: z.number().int().positive(),
};

export const sampleJobSchema = z.object({
  ...slice,
  baseSeed: z.number().int().min(0),
  prompt,
  params: z.object({ temperature: z.number(), topP: z.number(), topK: z.number().int().optional(), maxTokens: z.number().int().positive(), stop: z.array(z.string()) }),
  model: z.object({
    servedName: z.string(),
    api: z.enum(['completions', 'chat']),
    /** The study file's endpoints (a worker's --endpoint replaces them) … */
    endpoints: z.array(z.string()).optional(),
    /** … or a lab checkpoint directory sampled in-process by the worker. */
    checkpoint: z.string().optional(),
    apiKeyEnv: z.string().optional(),
  }),
  /** Requests in flight per server for this job. */
  concurrency: z.number().int().positive(),
});
export type SampleJob = z.infer<typeof sampleJobSchema>;

export const verifyJobSchema = z.object({
  ...slice,
  verifier: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('math'), policy: z.enum(['strict', 'paper']), workers: z.number().int().positive().optional() }),
    z.object({ kind: z.literal('code'), workers: z.number().int().positive().optional(), timeoutS: z.number().positive().optional(), memoryMb: z.number().int().positive().optional() }),
    z.object({ kind: z.literal('lab') }),
  ]),
});
export type VerifyJob = z.infer<typeof verifyJobSchema>;

/** Job ids are the slice itself: enqueueing the same slice twice while it waits adds nothing. */
export function jobId(role: 'sample' | 'verify', j: { runId: number; problemId: number; first: number; count: number }): string {
  return `${role}-${j.runId}-${j.problemId}-${j.first}-${j.count}`;
}
