import type { Command } from 'commander';
import { z } from 'zod';
import { formatVerifierKey, verifierKeyFlag } from '../../study/verifier-choice.js';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';

const Options = z.object({
  study: z.string().min(1),
  out: z.string().regex(/\.(jsonl|parquet)$/, 'the output file must end in .jsonl or .parquet'),
  run: z.coerce.number().int().positive().optional(),
  verifier: verifierKeyFlag.optional(),
});

export function register(program: Command): void {
  program
    .command('export')
    .description('Export the per-sample table of a study (text, verdict, extracted answer, reason) to JSONL or Parquet')
    .requiredOption('--study <file>', 'the study store')
    .requiredOption('--out <file>', 'output file: .jsonl or .parquet (readable by pandas/pyarrow)')
    .option('--run <id>', 'only this run')
    .option('--verifier <key>', 'whose verdicts to include, VERIFIER/POLICY@VERSION (default: the only one)')
    .action(
      runAction(async (raw: unknown) => {
        const o = parseOptions(Options, raw);
        // Library code is imported when the command runs, so that `--help` starts at once.
        const [{ openStore }, { exportSamplesJsonl, exportSamplesParquet }] = await Promise.all([
          import('../../study/open-store.js'),
          import('../../study/export.js'),
        ]);
        const store = await openStore(o.study, { mustExist: true, readonly: true });
        try {
          const opts = { ...(o.run !== undefined ? { runId: o.run } : {}), ...(o.verifier !== undefined ? { verifier: o.verifier } : {}) };
          const res = o.out.endsWith('.parquet') ? await exportSamplesParquet(store, o.out, opts) : await exportSamplesJsonl(store, o.out, opts);
          process.stdout.write(`${JSON.stringify({ out: o.out, rows: res.rows, verifier: res.verifier === null ? null : formatVerifierKey(res.verifier) })}\n`);
        } finally {
          await store.close();
        }
      }),
    );
}
