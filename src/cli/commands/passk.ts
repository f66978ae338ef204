import type { Command } from 'commander';
import { z } from 'zod';
import { alignOutcomes, passKReport, type KSelection } from '../../analyze/index.js';
import { readOutcomesFile } from '../../study/results-jsonl.js';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';

const kOption = z
  .string()
  .regex(/^(all|pow2|\s*\d+(\s*,\s*\d+)*\s*)$/, 'expected a comma-separated list of positive integers, "all" or "pow2"')
  .transform((s): KSelection => (s === 'all' || s === 'pow2' ? s : s.split(',').map((x) => Number(x.trim()))));
const options = z.object({
  input: z.string().min(1),
  k: kOption,
  ci: z.coerce.number().gt(0, 'must be between 0 and 1').lt(1, 'must be between 0 and 1'),
  bootstrap: z.coerce.number().int('must be an integer').min(1, 'must be at least 1'),
  seed: z.coerce.number().int('must be an integer').min(0).max(Number.MAX_SAFE_INTEGER),
  vs: z.string().min(1).optional(),
});

export function register(program: Command): void {
  program
    .command('passk')
    .description('Compute pass@k curves with bootstrap confidence bands from a JSONL file')
    .requiredOption('--input <file>', 'JSONL rows {"problem","n","c"} or {"problem","scores":[0,1,…]} (or one row per sample)')
    .option('--k <list>', 'k values: comma-separated, "all" (1..smallest n) or "pow2"', 'pow2')
    .option('--ci <level>', 'confidence level of the bootstrap intervals', '0.95')
    .option('--bootstrap <resamples>', 'problem-level bootstrap resamples', '2000')
    .option('--seed <seed>', 'seed of the bootstrap', '0')
    .option('--vs <file>', 'a second model on the same problems: adds diff (this − other) and crossover_k')
    .action(
      runAction(async (raw: unknown) => {
        const o = parseOptions(options, raw);
        const outcomes = await readOutcomesFile(o.input);
        const vs = o.vs === undefined ? undefined : await readOutcomesFile(o.vs);
        if (o.vs !== undefined && vs !== undefined) alignOutcomes(outcomes, vs, [o.input, o.vs]); // names the files when problems differ
        const report = passKReport(outcomes, o.k, { ci: o.ci, resamples: o.bootstrap, seed: o.seed }, vs);
        process.stdout.write(JSON.stringify(report) + '\n');
      }),
    );
}
