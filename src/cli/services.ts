import { isPostgresLocation } from '../study/open-store.js';
import { reach, serviceOf, type Service } from '../util/reachable.js';

/**
 * Before a command talks to Redis or PostgreSQL: make sure they answer, within 10 s or (with
 * `--wait`) for as long as it takes, printing one progress line per failed attempt. Without this, a
 * down Redis makes BullMQ retry silently forever and a down PostgreSQL costs a long retry loop.
 */
export async function ensureServices(o: { queue?: string; store?: string; queueFlag?: string; storeFlag?: string; wait?: boolean }): Promise<void> {
  const services: Service[] = [];
  if (o.queue !== undefined) services.push(serviceOf(o.queue, o.queueFlag ?? '--queue'));
  if (o.store !== undefined && isPostgresLocation(o.store)) services.push(serviceOf(o.store, o.storeFlag ?? '--study'));
  let lastLine = 0;
  for (const s of services) {
    await reach(s, {
      wait: o.wait,
      onWait: (svc, why, elapsedS) => {
        // One line every few seconds, not one per attempt: the wait may last hours.
        if (elapsedS - lastLine < 5 && lastLine !== 0) return;
        lastLine = elapsedS;
        process.stderr.write(`rlbound: waiting for ${svc.label} at ${svc.shown} (${why}; ${elapsedS.toFixed(0)} s so far; Ctrl-C to give up)\n`);
      },
    });
  }
}
