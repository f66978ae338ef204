import type { Command } from 'commander';
import { z } from 'zod';
import { queueCounts, studyStatus, type QueueCounts, type RunStatus } from '../../queue/index.js';
import { formatVerifierKey } from '../../study/index.js';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';
import { ensureServices } from '../services.js';

const Options = z.object({
  study: z.string().min(1),
  queue: z.string().min(1).optional(),
  json: z.boolean().optional(),
  wait: z.boolean().optional(),
});

function runLine(r: RunStatus): string {
  const pct = r.slots === 0 ? 0 : (100 * r.samples) / r.slots;
  const verdicts = r.verified.map((v) => `${formatVerifierKey(v.key)} ${v.verified} verified, ${v.correct} correct`).join('; ');
  return `run ${r.runId}  ${r.model} × ${r.benchmark}: ${r.samples}/${r.slots} samples (${pct.toFixed(1)}%)${r.failedSlots > 0 ? `, ${r.failedSlots} failed slots` : ''}${verdicts ? `; ${verdicts}` : ''}`;
}

const queueLine = (role: string, c: QueueCounts): string => `queue ${role}: ${c.waiting} waiting, ${c.active} active, ${c.delayed} delayed, ${c.waitingChildren} waiting for samples, ${c.failed} failed`;

/** Machine output in snake_case, like every other command's JSON. */
function runJson(r: RunStatus): Record<string, unknown> {
  return {
    run_id: r.runId, model: r.model, benchmark: r.benchmark, target_n: r.targetN, problems: r.problems, slots: r.slots, samples: r.samples, failed_slots: r.failedSlots,
    verified: r.verified.map((v) => ({ verifier: formatVerifierKey(v.key), verified: v.verified, correct: v.correct })),
  };
}
const queueJson = (c: QueueCounts): Record<string, number> => ({ waiting: c.waiting, active: c.active, delayed: c.delayed, waiting_children: c.waitingChildren, failed: c.failed });

export function register(program: Command): void {
  program
    .command('status')
    .description('Progress of a study (every run, and the queue if given), from any machine')
    .requiredOption('--study <url|file>', 'the study store (postgres://… or a SQLite file)')
    .option('--queue <url>', 'also show the job counts of this Redis queue')
    .option('--json', 'print JSON instead of lines')
    .option('--wait', 'keep retrying while Redis or PostgreSQL is down (default: fail after at most 10 s)')
    .action(
      runAction(async (raw: Record<string, unknown>) => {
        const o = parseOptions(Options, raw);
        await ensureServices({ queue: o.queue, store: o.study, wait: o.wait });
        const runs = await studyStatus(o.study);
        const queue = o.queue === undefined ? null : await queueCounts(o.queue, [...new Set(runs.map((r) => r.model))]);
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ runs: runs.map(runJson), queue: queue === null ? null : Object.fromEntries(Object.entries(queue).map(([k, c]) => [k, queueJson(c)])) })}\n`);
          return;
        }
        for (const r of runs) process.stdout.write(`${runLine(r)}\n`);
        if (queue) for (const [role, c] of Object.entries(queue)) process.stdout.write(`${queueLine(role, c)}\n`);
      }),
    );
}
