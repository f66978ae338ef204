import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { pretrainBase } from '../../lab/experiment/pretrain.js';
import { checkpointSetName } from '../../lab/experiment/presets.js';
import { ProgressLine } from '../../lab/experiment/progress.js';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';
import { addPresetFlags, intString, PresetFlags, presetFromFlags } from './lab-preset-flags.js';
import { RecipeFlags, withRecipe } from './lab-recipe.js';

/**
 * `rlbound lab pretrain`. Without --out it writes to a NEW folder in the working directory —
 * `<preset>-base`, or `<preset>-base-2`, `-3`, … when that name is taken — and never into an
 * existing one: in particular never over the base checkpoint shipped in the package
 * (src/lab/experiment/checkpoints), which other commands load by default. Regenerating a shipped
 * checkpoint is still one explicit `--out` away.
 */
const Flags = PresetFlags.merge(RecipeFlags).extend({
  seed: intString('--seed'),
  out: z.string().min(1).optional(),
  quiet: z.boolean().optional(),
});

/** `<dir>/<name>`, or the first of `<name>-2`, `<name>-3`, … that does not exist yet. */
export function newFolder(dir: string, name: string): string {
  for (let i = 1; ; i++) {
    const candidate = path.join(dir, i === 1 ? name : `${name}-${i}`);
    if (!existsSync(candidate)) return candidate;
  }
}

export function registerPretrain(lab: Command): void {
  const pretrain = lab.command('pretrain').description('Pretrain a base model on the task’s base corpus and save it as a checkpoint');
  addPresetFlags(pretrain, false)
    .option('--seed <seed>', 'initialisation and data seed', '0')
    .option('--steps <n>', 'training steps (default: the preset’s)')
    .option('--lr <rate>', 'peak learning rate (default: the preset’s)')
    .option(
      '--out <dir>',
      'checkpoint folder (default: a new folder <preset>-base in the working directory, numbered if taken; never the checkpoint shipped in the package)',
    )
    .option('--quiet', 'no progress display')
    .action(
      runAction((raw: unknown) => {
        const f = parseOptions(Flags, raw);
        const preset = withRecipe(presetFromFlags(f), 'pretrain', f);
        const out = f.out ?? newFolder(process.cwd(), `${checkpointSetName(preset)}-base`);
        const progress = new ProgressLine(process.stderr, f.quiet);
        const r = pretrainBase({
          preset,
          seed: f.seed,
          outDir: out,
          onStep: (p) => progress.update('pretrain', `pretrain: loss ${p.loss.toFixed(3)}`, p.step, p.steps),
        });
        progress.finish();
        process.stdout.write(
          `wrote ${path.relative(process.cwd(), out) || '.'} (${r.model.numParams} parameters, final loss ${r.finalLoss.toFixed(4)}, ${r.seconds.toFixed(0)} s)\n`,
        );
      }),
    );
}
