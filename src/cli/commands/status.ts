import type { Command } from 'commander';
import { z } from 'zod';
import type { QueueCounts, RunStatus } from '../../queue/status.js';
import { formatRunSettings } from '../../report/run-settings.js';
import { formatVerifierKey } from '../../study/verifier-choice.js';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';
import { ensureServices } from '../services.js';

/** A study file rather than a store: YAML or JSON by its name. */
const STUDY_FILE = /\.(ya?ml|json)$/i;

const Options = z.object({
  study: z.string().min(1),
  queue: z.string().min(1).optional(),
  json: z.boolean().optional(),
  wait: z.boolean().optional(),
});

function runLine(r: RunStatus): string {
  const pct = r.slots === 0 ? 0 : (100 * r.samples) / r.slots;
  const verdicts = r.verified.map((v) => `${formatVerifierKey(v.key)} ${v.verified} verified, ${v.correct} correct`).join('; ');
  return `run ${r.runId}  ${r.model} × ${r.benchmark} [${formatRunSettings(r.settings)}]: ${r.samples}/${r.slots} samples (${pct.toFixed(1)}%)${r.failedSlots > 0 ? `, ${r.failedSlots} failed slots` : ''}${verdicts ? `; ${verdicts}` : ''}`;
}

const queueLine = (role: string, c: QueueCounts): string =>
  `queue ${role}: ${c.waiting} waiting, ${c.active} active, ${c.delayed} delayed, ${c.waitingChildren} waiting for samples, ${c.failed} failed`;

/** Machine output in snake_case, like every other command's JSON. */
function runJson(r: RunStatus): Record<string, unknown> {
  return {
    run_id: r.runId,
    model: r.model,
    benchmark: r.benchmark,
    target_n: r.targetN,
    settings: r.settings,
    problems: r.problems,
    slots: r.slots,
    samples: r.samples,
    failed_slots: r.failedSlots,
    verified: r.verified.map((v) => ({ verifier: formatVerifierKey(v.key), verified: v.verified, correct: v.correct })),
  };
}
const queueJson = (c: QueueCounts): Record<string, number> => ({
  waiting: c.waiting,
  active: c.active,
  delayed: c.delayed,
  waiting_children: c.waitingChildren,
  failed: c.failed,
});

export function register(program: Command): void {
  program
    .command('status')
    .description('Progress of a study (every run, and the queue if given), from any machine')
    .requiredOption(
      '--study <url|file>',
      'the study store (postgres://… or a SQLite file), or the study file (YAML/JSON): then planned runs not started yet are listed too',
    )
    .option('--queue <url>', 'also show the job counts of this Redis queue')
    .option('--json', 'print JSON instead of lines')
    .option('--wait', 'keep retrying while Redis or PostgreSQL is down (default: fail after at most 10 s)')
    .action(
      runAction(async (raw: Record<string, unknown>) => {
        const o = parseOptions(Options, raw);
        // Library code is imported when the command runs, so that `--help` starts at once.
        const { notStarted, queueCounts, studyStatus } = await import('../../queue/status.js');
        const plan = STUDY_FILE.test(o.study) ? await (await import('../../pipeline/plan-study.js')).planStudy(o.study) : undefined;
        const store = plan?.store ?? o.study;
        await ensureServices({ queue: o.queue, store, wait: o.wait });
        const runs = await studyStatus(store);
        const planned = plan === undefined ? [] : notStarted(plan, runs);
        const queue = o.queue === undefined ? null : await queueCounts(o.queue, [...new Set(runs.map((r) => r.model))]);
        if (o.json) {
          process.stdout.write(
            `${JSON.stringify({ runs: runs.map(runJson), not_started: planned.map((p) => ({ model: p.model, benchmark: p.benchmark, target_n: p.targetN, problems: p.problems, slots: p.slots })), queue: queue === null ? null : Object.fromEntries(Object.entries(queue).map(([k, c]) => [k, queueJson(c)])) })}\n`,
          );
          return;
        }
        for (const r of runs) process.stdout.write(`${runLine(r)}\n`);
        for (const p of planned)
          process.stdout.write(`planned  ${p.model} × ${p.benchmark}: not started (${p.slots} samples: ${p.problems} problems × ${p.targetN})\n`);
        if (queue) for (const [role, c] of Object.entries(queue)) process.stdout.write(`${queueLine(role, c)}\n`);
      }),
    );
}
