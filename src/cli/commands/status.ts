import type { Command } from 'commander';
import { queueCounts, studyStatus, type QueueCounts, type RunStatus } from '../../queue/index.js';
import { formatRunSettings } from '../../report/run-settings.js';
import { formatVerifierKey } from '../../study/index.js';
import { runAction } from '../run-action.js';

function runLine(r: RunStatus): string {
  const pct = r.slots === 0 ? 0 : (100 * r.samples) / r.slots;
  const verdicts = r.verified.map((v) => `${formatVerifierKey(v.key)} ${v.verified} verified, ${v.correct} correct`).join('; ');
  return `run ${r.runId}  ${r.model} × ${r.benchmark} [${formatRunSettings(r.settings)}]: ${r.samples}/${r.slots} samples (${pct.toFixed(1)}%)${r.failedSlots > 0 ? `, ${r.failedSlots} failed slots` : ''}${verdicts ? `; ${verdicts}` : ''}`;
}

const queueLine = (role: string, c: QueueCounts): string => `queue ${role}: ${c.waiting} waiting, ${c.active} active, ${c.delayed} delayed, ${c.waitingChildren} waiting for samples, ${c.failed} failed`;

export function register(program: Command): void {
  program
    .command('status')
    .description('Progress of a study (every run, and the queue if given), from any machine')
    .requiredOption('--study <url|file>', 'the study store (postgres://… or a SQLite file)')
    .option('--queue <url>', 'also show the job counts of this Redis queue')
    .option('--json', 'print JSON instead of lines')
    .action(
      runAction(async (o: { study: string; queue?: string; json?: boolean }) => {
        const runs = await studyStatus(o.study);
        const queue = o.queue === undefined ? null : await queueCounts(o.queue, [...new Set(runs.map((r) => r.model))]);
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ runs, queue })}\n`);
          return;
        }
        for (const r of runs) process.stdout.write(`${runLine(r)}\n`);
        if (queue) for (const [role, c] of Object.entries(queue)) process.stdout.write(`${queueLine(role, c)}\n`);
      }),
    );
}
