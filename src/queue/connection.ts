import type { ConnectionOptions } from 'bullmq';
import { InputError } from '../errors.js';

/** The queues of a study: sampling jobs are children of verification jobs (a BullMQ flow). */
export const QUEUE_NAMES = { sample: 'rlbound-sample', verify: 'rlbound-verify' } as const;
export type Role = keyof typeof QUEUE_NAMES;
export const ROLES = Object.keys(QUEUE_NAMES) as Role[];

/**
 * BullMQ connection options for a redis://[user:pass@]host:port[/db] URL. `worker`: blocking
 * connections must retry forever (BullMQ requires maxRetriesPerRequest null), so a Redis restart
 * pauses a worker instead of killing it.
 */
export function redisConnection(url: string, worker = false): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError(`not a URL: "${url}" (expected redis://host:port)`, { field: '--queue' });
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new InputError(`the queue must be a redis:// URL, got ${u.protocol}`, { field: '--queue' });
  const db = u.pathname.replace(/^\//, '');
  return {
    host: u.hostname,
    port: u.port === '' ? 6379 : Number(u.port),
    username: u.username === '' ? undefined : decodeURIComponent(u.username),
    password: u.password === '' ? undefined : decodeURIComponent(u.password),
    db: db === '' ? 0 : Number(db),
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: worker ? null : 20,
    retryStrategy: (times: number) => Math.min(200 * times, 2000),
  };
}
