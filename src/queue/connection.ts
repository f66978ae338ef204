import type { ConnectionOptions } from 'bullmq';
import { InputError } from '../errors.js';

/**
 * The queues of a study. Sampling has one queue per model, so a worker next to one model's server
 * takes only that model's jobs; each sampling job is the child of a verification job for the same
 * slice (a BullMQ flow); scoring jobs wait for their run to be sampled.
 */
export const QUEUE_NAMES = { verify: 'rlbound-verify', score: 'rlbound-score' } as const;
export const sampleQueueName = (model: string): string => `rlbound-sample-${model}`;
export const ROLES = ['sample', 'verify', 'score'] as const;
export type Role = (typeof ROLES)[number];

/** The queues of a role (sampling: one per model). */
export function queueNames(role: Role, models: readonly string[]): string[] {
  return role === 'sample' ? models.map(sampleQueueName) : [QUEUE_NAMES[role]];
}

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
