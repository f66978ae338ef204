import net from 'node:net';
import { EnvironmentError, InputError } from '../errors.js';

/** A network service a command needs before it starts (the Redis queue, a PostgreSQL store). */
export interface Service {
  /** "Redis", "PostgreSQL" — for messages. */
  label: string;
  /** The URL as the user gave it, with any password removed (for messages). */
  shown: string;
  host: string;
  port: number;
  /** The flag that named it, for the hint. */
  flag: string;
}

export interface ReachOptions {
  /** Give up after this long when nobody answers (default 10 s). */
  deadlineMs?: number;
  /** Keep trying forever instead (`--wait`), reporting each failed attempt. */
  wait?: boolean;
  onWait?: (s: Service, why: string, elapsedS: number) => void;
  /** Pause between attempts (default 1 s). */
  retryMs?: number;
}

/** A service from a redis:// or postgres:// URL (default ports 6379 and 5432). */
export function serviceOf(url: string, flag: string): Service {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError(`not a URL: "${url}"`, { field: flag });
  }
  const redis = u.protocol === 'redis:' || u.protocol === 'rediss:';
  const label = redis ? 'Redis' : 'PostgreSQL';
  const shown = `${u.protocol}//${u.hostname}${u.port === '' ? '' : `:${u.port}`}${u.pathname === '/' ? '' : u.pathname}`;
  // An IPv6 literal keeps its brackets in URL.hostname.
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  return { label, shown, host, port: u.port === '' ? (redis ? 6379 : 5432) : Number(u.port), flag };
}

/** One TCP connection attempt: resolves null when something accepts, else the reason. */
function attempt(s: Service, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: s.host, port: s.port });
    const done = (why: string | null): void => {
      socket.destroy();
      resolve(why);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${(timeoutMs / 1000).toFixed(0)} s`));
    socket.once('connect', () => done(null));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
  });
}

/**
 * Waits until the service accepts TCP connections. Without `wait`, a refused connection or an
 * unknown host fails at once and silence fails after the deadline — an EnvironmentError (exit 3)
 * that names the service and the flag; nobody waits on a dead service without being told.
 */
export async function reach(s: Service, o: ReachOptions = {}): Promise<void> {
  const deadline = o.deadlineMs ?? 10_000;
  const started = performance.now();
  for (;;) {
    const elapsed = performance.now() - started;
    const why = await attempt(s, o.wait ? 5000 : Math.max(500, Math.min(5000, deadline - elapsed)));
    if (why === null) return;
    const now = (performance.now() - started) / 1000;
    if (o.wait) {
      o.onWait?.(s, why, now);
    } else if (why === 'ECONNREFUSED' || why === 'ENOTFOUND' || why === 'EAI_AGAIN' || performance.now() - started >= deadline) {
      throw new EnvironmentError(`cannot reach ${s.label} at ${s.shown} (${why}); start it or fix ${s.flag}, or pass --wait to keep retrying until it is up`);
    }
    await new Promise((r) => setTimeout(r, o.retryMs ?? 1000));
  }
}
