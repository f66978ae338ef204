import type { SamplingProgress } from './run-sampling.js';

/**
 * Progress display for long runs: on a terminal, one line redrawn in place (bar, samples/s,
 * tokens/s, ETA, errors); otherwise (logs, CI) a plain line every `intervalMs`.
 */
export interface ProgressOptions {
  tty: boolean;
  /** Plain-line interval, ms (default 10 s). */
  intervalMs?: number;
  /** For tests: the clock. */
  now?: () => number;
}

export interface ProgressReporter {
  update(p: SamplingProgress): void;
  /** Prints the final state and ends the line. */
  done(p: SamplingProgress): void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (x: number): string => String(x).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

function rate(x: number): string {
  return x >= 10_000 ? `${(x / 1000).toFixed(1)}k` : x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

export function progressLine(p: SamplingProgress, elapsedS: number, barWidth: number): string {
  const done = p.stored + p.failedSlots;
  const total = p.total ?? p.planned;
  const frac = total > 0 ? Math.min(1, done / total) : 0;
  const sps = elapsedS > 0 ? p.stored / elapsedS : 0;
  const tps = elapsedS > 0 ? p.completionTokens / elapsedS : 0;
  const eta = sps > 0 && p.total !== null ? (total - done) / ((p.stored + p.failedSlots) / elapsedS) : Number.NaN;
  const bar = barWidth > 0 ? `[${'#'.repeat(Math.round(frac * barWidth)).padEnd(barWidth, '.')}] ` : '';
  const errors = p.failedSlots > 0 || p.failedAttempts > 0 ? `  errors ${p.failedSlots} slots, ${p.failedAttempts} retried attempts` : '';
  return `${bar}${(frac * 100).toFixed(1)}% ${done}/${total} samples  ${rate(sps)} samples/s  ${rate(tps)} tok/s  ETA ${formatDuration(eta)}  in flight ${p.inFlight}${errors}`;
}

export function progressReporter(out: { write(s: string): unknown }, o: ProgressOptions): ProgressReporter {
  const now = o.now ?? (() => performance.now());
  const start = now();
  let last = -Infinity;
  const interval = o.tty ? 100 : (o.intervalMs ?? 10_000);
  const draw = (p: SamplingProgress, final: boolean): void => {
    const t = now();
    if (!final && t - last < interval) return;
    last = t;
    const line = progressLine(p, (t - start) / 1000, o.tty ? 24 : 0);
    out.write(o.tty ? `\r\x1b[2K${line}${final ? '\n' : ''}` : `${line}\n`);
  };
  return { update: (p) => draw(p, false), done: (p) => draw(p, true) };
}
