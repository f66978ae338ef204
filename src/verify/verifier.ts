import { z } from 'zod';
import type { JsonValue } from '../study/json.js';
import type { BenchmarkRecord, ProblemRecord, SampleRecord, VerifierKey } from '../study/types.js';

/**
 * A verifier in the spirit of Inspect's scorers: an object that says under which key its verdicts
 * are stored for a benchmark and grades batches of one run's samples. Which verifier a benchmark
 * needs is decided once (the registry), and the settings travel as plain data (`VerifierSettings`)
 * so a queued verification job names the same verifier an in-process run uses.
 */
export const verifierSettingsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('math'), policy: z.enum(['strict', 'paper']), workers: z.number().int().positive().optional() }),
  z.object({
    kind: z.literal('code'),
    workers: z.number().int().positive().optional(),
    timeoutS: z.number().positive().optional(),
    memoryMb: z.number().int().positive().optional(),
    unsafeNoSandbox: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('lab') }),
  z.object({ kind: z.literal('imported') }),
]);
export type VerifierSettings = z.infer<typeof verifierSettingsSchema>;
export type VerifierKind = VerifierSettings['kind'];

/** One run's benchmark and problems, as the verifier sees them. */
export interface VerifyScope {
  benchmark: BenchmarkRecord;
  problems: ReadonlyMap<number, ProblemRecord>;
}

/** A verdict without its key and sample id (the verify stage adds those). */
export interface Grade {
  correct: boolean;
  extracted: string | null;
  reason: string;
  durationMs: number;
  detail?: JsonValue;
}

export interface Verifier {
  readonly settings: VerifierSettings;
  /**
   * The key this verifier's verdicts on the benchmark are stored under. Throws an InputError when
   * the benchmark is not one it can grade (e.g. the lab verifier on a math benchmark).
   */
  key(scope: VerifyScope): VerifierKey;
  /**
   * Grades a batch of samples of one run; `null` marks a sample left without a verdict (a sandbox
   * failure) so that the next run retries it.
   */
  grade(samples: readonly SampleRecord[], scope: VerifyScope): Promise<(Grade | null)[]>;
  /** Stops the worker pools it started (a verifier is reused across the runs of a study). */
  close(): Promise<void>;
}

/** The first problem of a run's benchmark (verifiers whose key depends on the data look at it). */
export function firstProblem(scope: VerifyScope): ProblemRecord | undefined {
  return scope.problems.values().next().value;
}

/** A kind of verifier the registry can create (src/verify/registry.ts). */
export interface VerifierPlugin<K extends VerifierKind = VerifierKind> {
  kind: K;
  create(settings: Extract<VerifierSettings, { kind: K }>): Verifier;
  /**
   * Whether a stored benchmark this verifier's built-in specs do not name looks like its data
   * (its name, or the shape of its first gold answer). Plugins are asked in registration order.
   */
  claims?(benchmark: BenchmarkRecord, firstGold: unknown): boolean;
}
