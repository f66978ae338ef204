/**
 * What the viewer reads besides the report data: a problem's statement and the samples behind a
 * grid cell. Implemented over the study store (`study-sample-source.ts`); kept narrow so the
 * server never touches the store directly.
 */
export interface ProblemDetail {
  benchmark: string;
  problemId: string;
  /** The question as shown to the model (may contain LaTeX). */
  prompt: string;
  /** The reference answer, if the benchmark has one. */
  reference: string | null;
  /** How to show `reference`: as math (a final answer), or as plain text (tests, structured gold). */
  referenceKind: 'math' | 'text';
}

export type Verdict = 'correct' | 'incorrect' | 'error' | 'unverified';

/** One sample as the viewer shows it. Every string is untrusted model or user text. */
export interface SampleView {
  index: number;
  text: string;
  verdict: Verdict;
  /** The answer the verifier extracted (null: none found). */
  extracted: string | null;
  /** Why the verifier decided as it did. */
  reason: string | null;
  /** "stop", "length", … as the server reported it. */
  finishReason: string | null;
  /** True when the text repeats an earlier sample of the same problem and model. */
  duplicate: boolean;
}

export interface SamplePage {
  total: number;
  samples: SampleView[];
}

export interface SampleQuery {
  benchmark: string;
  problemId: string;
  model: string;
  offset: number;
  limit: number;
}

export interface SampleSource {
  problem(benchmark: string, problemId: string): Promise<ProblemDetail | null>;
  samples(query: SampleQuery): Promise<SamplePage>;
}
