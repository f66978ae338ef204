import type { Command } from 'commander';
import { z } from 'zod';
import {
  alignOutcomes,
  bayesAtN,
  coverCurve,
  gPassAtK,
  passAtKBeyond,
  passKReport,
  powersOfTwoUpTo,
  snakeCaseKeys,
  type KSelection,
  type ProblemOutcome,
} from '../../analyze/index.js';
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
  cover: z.boolean().optional(),
  beyond: z.coerce.number().int('must be an integer').min(1, 'must be at least 1').max(1_000_000, 'must be at most 1,000,000').optional(),
  gPass: z
    .string()
    .regex(/^\s*[0-9.]+(\s*,\s*[0-9.]+)*\s*$/, 'expected a comma-separated list of thresholds in (0, 1]')
    .transform((s) => s.split(',').map((x) => Number(x.trim())))
    .refine((ts) => ts.every((t) => t > 0 && t <= 1), 'every threshold must be in (0, 1]')
    .optional(),
});

type Options = z.infer<typeof options>;

/** The sections --cover, --beyond and --g-pass add to the printed object (snake_case keys). */
function extraSections(outcomes: readonly ProblemOutcome[], o: Options): Record<string, unknown> {
  const boot = { ci: o.ci, resamples: o.bootstrap, seed: o.seed };
  const out: Record<string, unknown> = {};
  if (o.cover) out['cover'] = coverCurve(outcomes, undefined, boot);
  if (o.beyond !== undefined) {
    const r = passAtKBeyond(outcomes, { ci: o.ci, seed: o.seed, k: [...new Set([...powersOfTwoUpTo(o.beyond), o.beyond])] });
    const { value, lo, hi, sigma } = bayesAtN(outcomes, o.ci);
    out['beyond'] = { ...r, bayesAtN: { value, lo, hi, sigma } };
  }
  if (o.gPass !== undefined) {
    const g = gPassAtK(outcomes, o.k, o.gPass, boot);
    out['gPass'] = { k: g.k, curves: g.curves, mG: g.mG, ...(g.note ? { note: g.note } : {}) };
  }
  return snakeCaseKeys(out) as Record<string, unknown>;
}

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
    .option('--cover', 'add cover@τ (share of problems with success rate ≥ τ) with bootstrap intervals')
    .option('--beyond <K>', 'add pass@k up to K (also beyond n) from a fitted beta-binomial prior, with credible bands, and Bayes@N')
    .option('--g-pass <taus>', 'add G-Pass@k_τ (at least ⌈τk⌉ of k correct) and mG-Pass@k for these thresholds, e.g. 0.25,0.5,0.75,1')
    .action(
      runAction(async (raw: unknown) => {
        const o = parseOptions(options, raw);
        const outcomes = await readOutcomesFile(o.input);
        const vs = o.vs === undefined ? undefined : await readOutcomesFile(o.vs);
        if (o.vs !== undefined && vs !== undefined) alignOutcomes(outcomes, vs, [o.input, o.vs]); // names the files when problems differ
        const report = passKReport(outcomes, o.k, { ci: o.ci, resamples: o.bootstrap, seed: o.seed }, vs);
        process.stdout.write(JSON.stringify({ ...report, ...extraSections(outcomes, o) }) + '\n');
      }),
    );
}
