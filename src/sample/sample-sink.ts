/**
 * What the sampling engine needs from storage. The study store implements it (see
 * `study-sink.ts`); tests and benchmarks may use any implementation. Inserts must be idempotent
 * on (problem, sample index) and atomic per call, so that a crash never leaves half a batch and
 * a resume never stores a slot twice.
 */
export interface SampleSlot {
  problemIndex: number;
  sampleIndex: number;
  seed: number;
  /** Null when the slot holds an error. */
  text: string | null;
  finishReason: string | null;
  stopReason: string | number | null;
  completionTokens: number | null;
  logprobSum: number | null;
  /** Wall time of the request that produced the slot (shared by its choices), ms. */
  latencyMs: number | null;
  attempts: number;
  /** Why the slot has no text after all retries; null for a sample. */
  error: string | null;
}

export interface SampleSink {
  /** Indices of the problem's slots that hold a sample (error slots are not counted: resume retries them with their own seed). */
  presentIndices(problemIndex: number): Promise<Set<number>>;
  /** Stores the slots in one transaction; a slot already holding a sample is left unchanged. */
  insert(slots: SampleSlot[]): Promise<void>;
  /** Texts of the problem's stored samples (for the duplicate check). */
  texts(problemIndex: number): Promise<string[]>;
}
