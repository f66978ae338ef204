import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { StudyEvent } from '../../pipeline/run-study.js';
import { STAGES } from '../../pipeline/run-spec.js';
import { progressLine } from '../../sample/progress.js';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';

const Options = z.object({
  until: z.enum(STAGES).optional(),
  queue: z.string().min(1).optional(),
  wait: z.boolean(),
  slice: z.coerce.number().int().positive().max(1_000_000),
  schema: z.boolean().optional(),
});

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
        out.write(
          `verify  ${e.model} × ${e.benchmark} (run ${e.runId}): ${e.result.verified} new verdicts, ${e.result.correct} correct${e.result.sandboxErrors > 0 ? `, ${e.result.sandboxErrors} sandbox errors left for a re-run` : ''}\n`,
        );
        break;
      case 'score':
        out.write(`score   ${e.model} × ${e.benchmark} under ${e.scorer}: ${e.scored} scored${e.failed > 0 ? `, ${e.failed} failed` : ''}\n`);
        break;
      case 'analyze':
        for (const g of e.result.guessability) out.write(`analyze ${g.benchmark}: ${g.guessable.length} problems guessable by ${g.model} without reasoning\n`);
        for (const c of e.result.checkpointSeries)
          out.write(
            `analyze ${c.benchmark} checkpoints: ${c.points.map((p) => `${p.model} pass@1 ${(100 * p.passAt1).toFixed(1)} pass@${p.k} ${(100 * p.passAtK).toFixed(1)}`).join(' → ')}\n`,
          );
        for (const t of e.result.temperatureSweep) {
          for (const m of t.models)
            if (m.matchedTemperature !== null)
              out.write(`analyze ${t.benchmark}: ${m.model} matches ${t.reference.model}'s entropy at T=${m.matchedTemperature}\n`);
        }
        if (e.result.cotQueue !== null) out.write(`analyze CoT inspection queue: ${e.result.cotQueue.items} responses in ${e.result.cotQueue.file}\n`);
        for (const n of e.result.notes) out.write(`analyze ${n}\n`);
        break;
      case 'report':
        out.write(`report  ${e.out}/report.html\n`);
        break;
    }
  };
}

/** After Ctrl-C: what the store holds now, and how to go on. */
async function describeInterruption(file: string, store: string, stage: string): Promise<void> {
  const { studyStatus } = await import('../../queue/status.js');
  const runs = await studyStatus(store);
  const samples = runs.reduce((a, r) => a + r.samples, 0);
  const slots = runs.reduce((a, r) => a + r.slots, 0);
  const verdicts = runs.reduce((a, r) => a + r.verified.reduce((b, v) => b + v.verified, 0), 0);
  process.stderr.write(
    `\nrlbound: stopped during ${stage}. Stored in ${store}: ${samples} of ${slots} samples of ${runs.length} runs, ${verdicts} verdicts; nothing stored is lost.\n` +
      `rlbound: run \`rlbound run ${file}\` again to resume: it does only the missing work.\n`,
  );
}

export function register(program: Command): void {
  program
    .command('run')
    .description('Run a whole study from a YAML file: sample, verify, score, analyze, report (resumable)')
    .argument('[study]', 'the study file (YAML or JSON; docs/study-file.md)')
    .option('--until <stage>', `stop after this stage: ${STAGES.join(', ')}`)
    .option('--queue <url>', 'enqueue sampling and verification as jobs on this Redis queue for `rlbound worker` processes, and wait for them (docs/scale.md)')
    .option('--no-wait', 'with --queue: return once the jobs are enqueued')
    .option('--slice <k>', 'with --queue: sample indices per job', '64')
    .option('--schema', 'print the JSON Schema of study files and exit')
    .action(
      runAction(async (file: string | undefined, raw: Record<string, unknown>) => {
        const o = parseOptions(Options, raw);
        if (o.schema) {
          const { studyJsonSchema } = await import('../../config/study-schema.js');
          process.stdout.write(`${JSON.stringify(studyJsonSchema(), null, 2)}\n`);
          return;
        }
        if (file === undefined) throw new InputError('give the study file (rlbound run STUDY.yaml), or --schema for its JSON Schema', { field: '<study>' });
        if (o.queue !== undefined) return (await import('./run-queued.js')).runQueued(file, o.queue, { wait: o.wait, sliceSize: o.slice });
        const controller = new AbortController();
        const stop = (): void => {
          process.stderr.write('\nrlbound: stopping after the stage in progress (Ctrl-C again to quit at once)\n');
          controller.abort();
          process.once('SIGINT', () => process.exit(130));
        };
        process.once('SIGINT', stop);
        try {
          const { runStudy } = await import('../../pipeline/run-study.js');
          const result = await runStudy({ file, until: o.until, onEvent: progressPrinter(process.stderr.isTTY === true), signal: controller.signal });
          process.stdout.write(
            `${JSON.stringify({ store: result.store, runs: result.runs.map((r) => ({ model: r.model, benchmark: r.benchmark, run_id: r.runId })), report: result.reportOut ?? null, interrupted_at: result.interruptedAt ?? null })}\n`,
          );
          if (result.interruptedAt !== undefined) {
            await describeInterruption(file, result.store, result.interruptedAt);
            process.exitCode = 130;
          }
        } finally {
          process.off('SIGINT', stop);
        }
      }),
    );
}
