import { InputError } from '../errors.js';
import { openStore } from '../study/open-store.js';
import type { ReviewRecord, ReviewVerdict } from '../study/types.js';

/**
 * The person's side of the CoT inspection queue: after `rlbound run` lists correct responses to
 * rarely-solved problems (analyses → cot-queue.jsonl), a reviewer records whether the reasoning
 * actually holds. Verdicts live in the study store next to the samples they judge.
 */
export async function recordReview(study: string, input: { sampleId: number; verdict: ReviewVerdict; reviewer: string; note?: string }): Promise<ReviewRecord> {
  const store = await openStore(study, { mustExist: true });
  try {
    const sample = await store.getSample(input.sampleId);
    if (sample === null || sample.text === null)
      throw new InputError(`no stored response with id ${input.sampleId} in this study`, { file: study, field: '--sample' });
    return await store.putReview(input);
  } finally {
    await store.close();
  }
}

export async function listReviews(study: string, runId?: number): Promise<ReviewRecord[]> {
  const store = await openStore(study, { mustExist: true });
  try {
    return await store.listReviews(runId === undefined ? {} : { runId });
  } finally {
    await store.close();
  }
}
