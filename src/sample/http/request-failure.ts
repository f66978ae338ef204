/**
 * Why one HTTP request failed, classified for the retry policy: transport problems, 5xx, 408/429
 * and malformed bodies are worth retrying with the same seed; other 4xx are not (the request
 * itself is wrong and would fail again).
 */
/** `unsupported`: a well-formed answer that does not do what was asked (e.g. fewer choices than n). */
export type FailureKind = 'timeout' | 'reset' | 'refused' | 'http' | 'malformed' | 'unsupported' | 'aborted';

export class RequestFailure extends Error {
  readonly kind: FailureKind;
  /** HTTP status for kind `http` (and for `malformed` bodies that came with a status). */
  readonly status: number | null;
  /** Server-requested wait (Retry-After), in milliseconds. */
  readonly retryAfterMs: number | null;

  constructor(kind: FailureKind, message: string, opts: { status?: number; retryAfterMs?: number | null; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'RequestFailure';
    this.kind = kind;
    this.status = opts.status ?? null;
    this.retryAfterMs = opts.retryAfterMs ?? null;
  }

  /** Worth another attempt with the same request. */
  get retryable(): boolean {
    if (this.kind === 'aborted' || this.kind === 'unsupported') return false;
    if (this.kind !== 'http') return true;
    const s = this.status ?? 0;
    return s >= 500 || s === 408 || s === 429 || s === 425;
  }

  /** The server says it is overloaded: the scheduler lowers concurrency. */
  get overload(): boolean {
    return this.kind === 'http' && (this.status === 429 || this.status === 503);
  }
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined || value === '') return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
