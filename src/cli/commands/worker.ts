import type { Command } from 'commander';
import { z } from 'zod';
import { ROLES } from '../../queue/connection.js';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';
import { ensureServices } from '../services.js';

const Options = z.object({
  queue: z.string().min(1),
  study: z.string().min(1),
  role: z.array(z.enum(ROLES)).optional(),
  model: z.array(z.string()).optional(),
  endpoint: z.array(z.string()).optional(),
  concurrency: z.coerce.number().int().positive().max(1024),
  lockS: z.coerce.number().positive().max(3600),
  wait: z.boolean().optional(),
});

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export function register(program: Command): void {
  program
    .command('worker')
    .description("Process a study's queued sampling, verification and scoring jobs (run one per GPU server and per CPU machine)")
    .requiredOption('--queue <url>', 'the Redis queue, e.g. redis://10.0.0.1:6379')
    .requiredOption('--study <url|file>', 'the study store, e.g. postgres://user@10.0.0.1/study')
    .option('--role <role>', `jobs to take: ${ROLES.join(' or ')} (repeatable; default: all)`, collect)
    .option('--model <name>', 'sample only this study model (repeatable; default: every model of the study)', collect)
    .option('--endpoint <url>', "sample through this server instead of the study file's endpoints (repeatable; needs one --model)", collect)
    .option('--concurrency <c>', 'jobs at once per role', '2')
    .option('--lock-s <s>', 'seconds a job stays locked without a heartbeat before another worker takes it over', '30')
    .option('--wait', 'keep retrying while Redis or PostgreSQL is down (default: fail after at most 10 s)')
    .action(
      runAction(async (raw: Record<string, unknown>) => {
        const o = parseOptions(Options, raw);
        await ensureServices({ queue: o.queue, store: o.study, wait: o.wait });
        const stop = new AbortController();
        const onSignal = (): void => {
          process.stderr.write('rlbound worker: finishing running jobs, then stopping\n');
          stop.abort();
        };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        process.stderr.write(`rlbound worker: ${(o.role ?? ROLES).join('+')} jobs from ${o.queue}\n`);
        // Library code is imported when the command runs, so that `--help` starts at once.
        const { runWorker } = await import('../../queue/worker.js');
        const counts = await runWorker({
          queue: o.queue,
          study: o.study,
          roles: o.role,
          models: o.model,
          endpoints: o.endpoint,
          concurrency: o.concurrency,
          lockMs: o.lockS * 1000,
          signal: stop.signal,
          onJob: (e) =>
            process.stderr.write(
              e.ok
                ? `${e.role} ${e.jobId}: ${e.result.written} written${e.result.failed > 0 ? `, ${e.result.failed} failed` : ''}\n`
                : `${e.role} ${e.jobId}: failed (${e.error}); it will be retried\n`,
            ),
        });
        process.stdout.write(`${JSON.stringify(counts)}\n`);
      }),
    );
}
