import type { Command } from 'commander';
import { z } from 'zod';
import { formatVerifierKey, importResultsJsonl, openStore } from '../../study/index.js';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';

const Options = z.object({
  study: z.string().min(1),
  input: z.string().min(1),
  model: z.string().min(1),
  benchmark: z.string().min(1).optional(),
  sampleOffset: z.coerce.number().int().min(0).optional(),
});

export function register(program: Command): void {
  program
    .command('import')
    .description('Import per-sample results produced elsewhere (JSONL, e.g. the paper\'s 0/1 score lists) into a study')
    .requiredOption('--study <file>', 'the study store (created if absent)')
    .requiredOption('--input <file>', 'JSONL: {"problem","scores":[0,1,…]}, {"problem","n","c"} or one row per sample')
    .requiredOption('--model <name>', 'the model the results belong to')
    .option('--benchmark <name>', 'the benchmark name (problems matched by key when the study has it)')
    .option('--sample-offset <i>', 'first sample index, to pool several files (one per seed) into one run', '0')
    .action(
      runAction(async (raw: unknown) => {
        const o = parseOptions(Options, raw);
        const store = await openStore(o.study);
        try {
          const res = await importResultsJsonl(store, o.input, { model: o.model, ...(o.benchmark !== undefined ? { benchmark: o.benchmark } : {}), ...(o.sampleOffset !== undefined ? { sampleOffset: o.sampleOffset } : {}) });
          process.stdout.write(`${JSON.stringify({ run: res.run.id, problems: res.problems, samples_written: res.samplesWritten, samples_unchanged: res.samplesUnchanged, verifier: formatVerifierKey(res.verifier) })}\n`);
        } finally {
          await store.close();
        }
      }),
    );
}
