import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { openStore } from '../../study/index.js';
import { ADAPTIVE_TARGETS, adaptiveConfigSchema, resolveAdaptiveConfig } from '../../sample/adaptive/config.js';
import { alignRateTables, readRateTable } from '../../sample/adaptive/rate-table.js';
import { simulateStudy } from '../../sample/adaptive/simulate-study.js';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';
import { COMMANDS } from '../command-list.js';

const list = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
const options = z.object({
  rates: z
    .string()
    .min(1)
    .transform(list)
    .refine((fs) => fs.length >= 1, 'name at least one rates file'),
  n: z.coerce
    .number()
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(1 << 20),
  out: z.string().min(1),
  seed: z.coerce.number().int('must be an integer').min(0).max(Number.MAX_SAFE_INTEGER),
  adaptive: z.boolean().optional(),
  budget: z.coerce.number().gt(0, 'must be in (0, 1]').max(1, 'must be in (0, 1]').optional(),
  pilot: z.coerce.number().int('must be an integer').min(1).optional(),
  width: z.coerce.number().gt(0).max(1).optional(),
  targets: z
    .string()
    .transform(list)
    .pipe(z.array(z.enum(ADAPTIVE_TARGETS)).min(1))
    .optional(),
});

export function register(program: Command): void {
  program
    .command('simulate')
    .description(COMMANDS.simulate)
    .requiredOption(
      '--rates <files>',
      'comma-separated JSONL files of {"problem","rate"}, one per model; the first is the base model, the model is named after its file',
    )
    .requiredOption('--n <n>', 'samples per problem (with --adaptive: the per-problem cap and the largest k)')
    .requiredOption('--out <study>', 'the study store to fill (created if absent; resumable)')
    .option('--seed <seed>', 'seed of the simulated outcomes and of the allocation', '0')
    .option('--adaptive', 'allocate samples adaptively (pilot, then batches where the targets are least certain)')
    .option('--budget <fraction>', 'with --adaptive: total samples as a fraction of the uniform n × problems × models', '0.3')
    .option('--pilot <n0>', 'with --adaptive: samples every problem gets first', '16')
    .option('--width <w>', 'with --adaptive: width of the 95 % sampling-noise interval at which a target is met', '0.01')
    .option('--targets <list>', `with --adaptive: what to pin down (${ADAPTIVE_TARGETS.join(', ')})`, ADAPTIVE_TARGETS.join(','))
    .action(
      runAction(async (raw: unknown) => {
        const o = parseOptions(options, raw);
        const tables = await Promise.all(o.rates.map((f) => readRateTable(f)));
        const names = tables.map((t) => t.model);
        if (new Set(names).size !== names.length)
          throw new InputError(`two rates files give the same model name (${names.join(', ')}); rename one`, { field: '--rates' });
        const { problems, rates } = alignRateTables(tables);
        const adaptive = o.adaptive
          ? resolveAdaptiveConfig(parseAdaptive({ n_max: o.n, budget: o.budget, pilot: o.pilot, width: o.width, targets: o.targets }))
          : null;
        const store = await openStore(o.out);
        try {
          const models = tables.map((t, j) => ({ name: t.model, role: j === 0 ? ('base' as const) : ('rl' as const), rates: rates[j]! }));
          const r = await simulateStudy(store, { models, problems, n: o.n, seed: o.seed, adaptive }, (s) => {
            if (s.pending.length > 0) process.stderr.write(`simulate  round ${s.completedRounds}: ${s.spent}/${s.budget} samples allocated\n`);
          });
          const total = r.perProblemN.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
          process.stdout.write(
            JSON.stringify({
              study: o.out,
              sampling: adaptive === null ? 'uniform' : 'adaptive',
              problems: problems.length,
              samples: total,
              samples_written: r.samples,
              budget_used: total / (o.n * problems.length * tables.length),
              ...(r.schedule ? { stop: r.schedule.stop, rounds: r.schedule.completedRounds } : {}),
              models: tables.map((t, j) => ({
                name: t.model,
                run: r.runs[j]!.id,
                n_min: Math.min(...r.perProblemN[j]!),
                n_max: Math.max(...r.perProblemN[j]!),
                samples: r.perProblemN[j]!.reduce((a, b) => a + b, 0),
              })),
            }) + '\n',
          );
        } finally {
          await store.close();
        }
      }),
    );
}

/** The adaptive settings through the one schema every entry point uses (errors name the flag). */
function parseAdaptive(raw: Record<string, unknown>): z.output<typeof adaptiveConfigSchema> {
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const r = adaptiveConfigSchema.safeParse(defined);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const key = String(issue.path[0] ?? 'adaptive');
  throw new InputError(issue.message, { field: key === 'n_max' ? '--n' : `--${key.replace(/_/g, '-')}` });
}
