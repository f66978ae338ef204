import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { ProblemOutcome } from '../../analyze/outcome.js';
import { snakeCaseKeys } from '../../analyze/snake-case-keys.js';
import { chooseVerifier, openStore, type ModelRecord, type StudyStore } from '../../study/index.js';
import { planPower, type PowerTarget } from '../../sample/adaptive/power-plan.js';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';
import { COMMANDS } from '../command-list.js';

const target = z.string().transform((s, ctx): PowerTarget => {
  const cross = /^crossover@(\d+)$/.exec(s.trim());
  if (cross) return { kind: 'crossover', k: Number(cross[1]) };
  const cov = /^coverage=(\d+)$/.exec(s.trim());
  if (cov && Number(cov[1]) >= 1) return { kind: 'coverage', problems: Number(cov[1]) };
  ctx.addIssue({ code: 'custom', message: 'expected crossover@K (e.g. crossover@256) or coverage=M (e.g. coverage=3)' });
  return z.NEVER;
});
const options = z.object({
  pilot: z.string().min(1),
  target,
  power: z.coerce.number().gt(0, 'must be between 0 and 1').lt(1, 'must be between 0 and 1'),
  n: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'expected a comma-separated list of sample counts')
    .transform((s) => s.split(',').map((x) => Number(x.trim())))
    .optional(),
  reps: z.coerce.number().int('must be an integer').min(1).max(100_000),
  seed: z.coerce.number().int('must be an integer').min(0).max(Number.MAX_SAFE_INTEGER),
  base: z.string().min(1).optional(),
  vs: z.string().min(1).optional(),
});

export function register(program: Command): void {
  program
    .command('plan')
    .description(COMMANDS.plan)
    .requiredOption('--pilot <study>', 'a pilot study (e.g. 16 samples per problem) of the base model and the model compared with it')
    .requiredOption('--target <what>', 'crossover@K (base significantly ahead at k = K) or coverage=M (M problems only the base solves)')
    .option('--power <p>', 'the power to reach', '0.9')
    .option('--n <list>', 'sample counts per problem to evaluate (default powers of two from 16, at least K, up to 8192)')
    .option('--reps <r>', 'simulated studies per n', '100')
    .option('--seed <seed>', 'seed of the simulation', '0')
    .option('--base <model>', 'the base model (default: the model declared base)')
    .option('--vs <model>', 'the model compared with the base (default: the only other model)')
    .action(
      runAction(async (raw: unknown) => {
        const o = parseOptions(options, raw);
        const store = await openStore(o.pilot);
        try {
          const [base, other] = await pilotOutcomes(store, o.base, o.vs);
          const plan = planPower(base.outcomes, other.outcomes, o.target, { power: o.power, reps: o.reps, seed: o.seed, ...(o.n ? { ns: o.n } : {}) });
          process.stdout.write(JSON.stringify(snakeCaseKeys({ base: base.name, vs: other.name, ...plan })) + '\n');
        } finally {
          await store.close();
        }
      }),
    );
}

/** The two models' outcomes on the pilot's one benchmark. */
async function pilotOutcomes(
  store: StudyStore,
  baseName: string | undefined,
  vsName: string | undefined,
): Promise<Array<{ name: string; outcomes: ProblemOutcome[] }>> {
  const models = await store.listModels();
  const pick = (name: string | undefined, fallback: (m: ModelRecord) => boolean, what: string): ModelRecord => {
    const found = name !== undefined ? models.find((m) => m.name === name) : models.filter(fallback).length === 1 ? models.find(fallback) : undefined;
    if (!found)
      throw new InputError(
        name !== undefined
          ? `no model ${JSON.stringify(name)} in the pilot study (it has ${models.map((m) => m.name).join(', ')})`
          : `cannot tell which model is the ${what}; name it`,
        { field: what === 'base model' ? '--base' : '--vs' },
      );
    return found;
  };
  const base = pick(baseName, (m) => m.role === 'base', 'base model');
  const other = pick(vsName, (m) => m.id !== base.id, 'model to compare');
  const runs = await store.listRuns();
  return Promise.all(
    [base, other].map(async (model) => {
      const mine = runs.filter((r) => r.modelId === model.id);
      if (mine.length !== 1)
        throw new InputError(`model ${JSON.stringify(model.name)} has ${mine.length} runs in the pilot study; plan needs exactly one per model`, {
          field: '--pilot',
        });
      const key = await chooseVerifier(store, mine[0]!.id, undefined);
      if (!key) throw new InputError(`model ${JSON.stringify(model.name)} has no verdicts in the pilot study`, { field: '--pilot' });
      return { name: model.name, outcomes: await store.loadOutcomes(mine[0]!.id, key) };
    }),
  );
}
