import type { Command } from 'commander';
import os from 'node:os';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { ReviewRecord } from '../../study/types.js';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';

const Options = z.object({
  study: z.string().min(1),
  sample: z.coerce.number().int().positive().optional(),
  verdict: z.enum(['valid', 'invalid', 'unsure']).optional(),
  note: z.string().optional(),
  reviewer: z.string().min(1),
  list: z.boolean().optional(),
  run: z.coerce.number().int().positive().optional(),
});

/** A review as machine output (snake_case, like every command's JSON). */
function reviewJson(r: ReviewRecord): Record<string, unknown> {
  return { id: r.id, sample_id: r.sampleId, verdict: r.verdict, reviewer: r.reviewer, note: r.note, created_at: r.createdAt };
}

export function register(program: Command): void {
  program
    .command('review')
    .description("Record a person's verdict on a correct response's reasoning (the CoT inspection queue), or list verdicts")
    .requiredOption('--study <file>', 'the study store')
    .option('--sample <id>', 'sample id (from cot-queue.jsonl)')
    .option('--verdict <v>', 'valid, invalid or unsure')
    .option('--note <text>', 'why')
    .option('--reviewer <name>', 'who reviewed', os.userInfo().username)
    .option('--list', 'print the recorded verdicts as JSONL')
    .option('--run <id>', 'with --list: only this run')
    .action(
      runAction(async (raw: unknown) => {
        const o = parseOptions(Options, raw);
        // Library code is imported when the command runs, so that `--help` starts at once.
        const { listReviews, recordReview } = await import('../../pipeline/review.js');
        if (o.list) {
          for (const rec of await listReviews(o.study, o.run)) process.stdout.write(`${JSON.stringify(reviewJson(rec))}\n`);
          return;
        }
        if (o.sample === undefined || o.verdict === undefined)
          throw new InputError('give --sample and --verdict (or --list)', { field: o.sample === undefined ? '--sample' : '--verdict' });
        const rec = await recordReview(o.study, {
          sampleId: o.sample,
          verdict: o.verdict,
          reviewer: o.reviewer,
          ...(o.note !== undefined ? { note: o.note } : {}),
        });
        process.stdout.write(`${JSON.stringify(reviewJson(rec))}\n`);
      }),
    );
}
