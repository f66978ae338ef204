import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { runStudy, type StudyEvent } from '../../pipeline/run-study.js';
import { runQueued } from './run-queued.js';
import { progressLine } from '../../sample/progress.js';
import { runAction } from '../run-action.js';

const Until = z.enum(['sample', 'verify', 'score', 'analyze', 'report']);

/** One progress display: a live line for sampling on a TTY, plain lines for every stage. */
function progressPrinter(tty: boolean): (e: StudyEvent) => void {
  const started = performance.now();
  let last = 0;
  return (e) => {
    const out = process.stderr;
    switch (e.stage) {
      case 'load':
        out.write(`load    ${e.benchmark}: ${e.problems} problems${e.dropped > 0 ? ` (${e.dropped} dropped by the protocol filter)` : ''} from ${e.source}\n`);
        break;
      case 'sample': {
        const now = performance.now();
        if (!e.done && now - last < (tty ? 150 : 10_000)) return;
        last = now;
        const line = `sample  ${e.model} × ${e.benchmark}: ${progressLine(e.progress, (now - started) / 1000, tty ? 20 : 0)}`;
        out.write(tty ? `\r\x1b[2K${line}${e.done ? '\n' : ''}` : `${line}\n`);
        break;
      }
      case 'verify':
        out.write(`verify  ${e.model} × ${e.benchmark} (run ${e.runId}): ${e.result.verified} new verdicts, ${e.result.correct} correct${e.result.sandboxErrors > 0 ? `, ${e.result.sandboxErrors} sandbox errors left for a re-run` : ''}\n`);
        break;
      case 'score':
        out.write(`score   ${e.model} × ${e.benchmark} under ${e.scorer}: ${e.scored} scored${e.failed > 0 ? `, ${e.failed} failed` : ''}\n`);
        break;
      case 'analyze':
        for (const g of e.result.guessability) out.write(`analyze ${g.benchmark}: ${g.guessable.length} problems guessable by ${g.model} without reasoning\n`);
        for (const c of e.result.checkpointSeries) out.write(`analyze ${c.benchmark} checkpoints: ${c.points.map((p) => `${p.model} pass@1 ${(100 * p.passAt1).toFixed(1)} pass@${p.k} ${(100 * p.passAtK).toFixed(1)}`).join(' → ')}\n`);
        for (const t of e.result.temperatureSweep) for (const m of t.models) out.write(`analyze ${t.benchmark}: ${m.model} matches ${t.reference.model}'s entropy at T=${m.matchedTemperature ?? 'n/a'}\n`);
        if (e.result.cotQueue !== null) out.write(`analyze CoT inspection queue: ${e.result.cotQueue.items} responses in ${e.result.cotQueue.file}\n`);
        break;
      case 'report':
        out.write(`report  ${e.out}/report.html\n`);
        break;
    }
  };
}

export function register(program: Command): void {
  program
    .command('run')
    .description('Run a whole study from a YAML file: sample, verify, score, analyze, report (resumable)')
    .argument('<study>', 'the study file (YAML or JSON)')
    .option('--until <stage>', 'stop after this stage: sample, verify, score, analyze or report')
    .option('--queue <url>', 'enqueue sampling and verification as jobs on this Redis queue for `rlbound worker` processes, and wait for them (docs/scale.md)')
    .option('--no-wait', 'with --queue: return once the jobs are enqueued')
    .option('--slice <k>', 'with --queue: sample indices per job', '64')
    .action(
      runAction(async (file: string, opts: { until?: string; queue?: string; wait: boolean; slice: string }) => {
        if (opts.queue !== undefined) return runQueued(file, opts.queue, { wait: opts.wait, sliceSize: Number(opts.slice) });
        const until = opts.until === undefined ? undefined : Until.safeParse(opts.until);
        if (until !== undefined && !until.success) throw new InputError(`unknown stage "${opts.until}" (expected ${Until.options.join(', ')})`, { field: '--until' });
        const controller = new AbortController();
        const stop = (): void => controller.abort();
        process.once('SIGINT', stop);
        try {
          const result = await runStudy({ file, until: until?.data, onEvent: progressPrinter(process.stderr.isTTY === true), signal: controller.signal });
          process.stdout.write(`${JSON.stringify({ store: result.store, runs: result.runs.map(({ rule: _r, ...r }) => r), report: result.reportOut ?? null })}\n`);
        } finally {
          process.off('SIGINT', stop);
        }
      }),
    );
}
