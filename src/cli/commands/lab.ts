import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { runLabDemo } from '../../lab/demo.js';
import { checkpointSetName, type LabPreset } from '../../lab/experiment/presets.js';
import { ProgressLine } from '../../lab/experiment/progress.js';
import { isShipped, shippedCheckpoint } from '../../lab/experiment/shipped.js';
import type { LabDemoOptions } from '../../lab/demo.js';
import { combineRuns } from '../../lab/experiment/combine.js';
import { distillFromCheckpoint, evaluateCheckpointDirs, rlFromCheckpoint } from '../../lab/experiment/standalone.js';
import { ALGORITHMS, PAPER_ALGORITHMS, type AlgorithmName } from '../../lab/rl/algorithms.js';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';
import { pct, printSummary } from './lab-print.js';
import { registerPretrain } from './lab-pretrain.js';
import { RecipeFlags, withRecipe } from './lab-recipe.js';
import { printFollowups, parseArms } from './lab-followups.js';
import { runFollowups } from '../../lab/experiment/followups/run-followups.js';
import { addPresetFlags, intString, presetFromFlags, PresetFlags } from './lab-preset-flags.js';

function parseAlgorithms(spec: string): AlgorithmName[] {
  if (spec === 'all') return [...PAPER_ALGORITHMS];
  const names = spec.split(',').map((s) => s.trim());
  for (const n of names) {
    if (!(ALGORITHMS as readonly string[]).includes(n))
      throw new InputError(`unknown algorithm "${n}" (expected all or a list of ${ALGORITHMS.join(', ')})`, { field: '--algos' });
  }
  return names as AlgorithmName[];
}

const DemoFlags = PresetFlags.extend({
  out: z.string().min(1),
  algos: z.string().min(1),
  seeds: intString('--seeds').refine((n) => n >= 1, '--seeds must be at least 1'),
  firstSeed: intString('--first-seed'),
  base: z.string().optional(),
  pretrain: z.boolean().optional(),
  control: z.boolean().optional(),
  distill: z.string().optional(),
  quiet: z.boolean().optional(),
});

/** --distill: live / none / a folder; by default the preset's shipped checkpoints when they exist. */
function distillPlan(flag: string | undefined, preset: LabPreset, control: boolean): LabDemoOptions['distill'] {
  if (flag === 'live') return { mode: 'live', control };
  if (flag === 'none') return { mode: 'none' };
  if (flag !== undefined) return { mode: 'checkpoint', teacher: flag, control: null };
  const set = checkpointSetName(preset);
  if (isShipped(set, 'distill') && (!control || isShipped(set, 'sft-control'))) {
    return { mode: 'checkpoint', teacher: shippedCheckpoint(set, 'distill'), control: control ? shippedCheckpoint(set, 'sft-control') : null };
  }
  return { mode: 'live', control };
}

const rel = (p: string): string => path.relative(process.cwd(), p) || '.';

export function register(program: Command): void {
  const lab = program.command('lab').description('The CPU laboratory: demo, followups, pretrain, rl, distill, eval');

  const demo = lab.command('demo', { isDefault: true });
  addPresetFlags(demo, true);
  demo
    .description('The paper in miniature: base model, RL, distillation, evaluation, report (what `npm start` runs)')
    .option('--out <dir>', 'output folder', 'lab-out')
    .option('--algos <list>', 'RL algorithms: grpo, ppo, rloo, remax, reinforce++, dapo, dr-grpo (comma-separated) or all', 'grpo')
    .option('--seeds <count>', 'repeat with this many seeds (first, first + 1, …); the summary averages them', '1')
    .option('--first-seed <seed>', 'the first seed', '0')
    .option('--base <dir>', 'base checkpoint to start from (default: the one shipped for the preset and task; without one the base is pretrained)')
    .option('--pretrain', 'pretrain the base model from scratch instead of loading a checkpoint')
    .option(
      '--distill <how>',
      'distillation arm: live (train it now), none, or a checkpoint folder (default: the shipped checkpoint for the preset and task, else live)',
    )
    .option('--control', 'also evaluate the expression-format SFT control of the distillation arm')
    .option('--quiet', 'no progress display')
    .action(
      runAction(async (raw: unknown) => {
        const f = parseOptions(DemoFlags, raw);
        const preset = presetFromFlags(f);
        const set = checkpointSetName(preset);
        const base = f.pretrain ? null : (f.base ?? (isShipped(set, 'base') ? shippedCheckpoint(set, 'base') : null));
        const progress = new ProgressLine(process.stderr, f.quiet);
        const result = await runLabDemo({
          preset,
          algorithms: parseAlgorithms(f.algos),
          seeds: Array.from({ length: f.seeds }, (_, i) => f.firstSeed + i),
          outDir: f.out,
          baseCheckpoint: base,
          distill: distillPlan(f.distill, preset, f.control ?? false),
          onEvent: (e) => progress.update(`${e.seed}:${e.phase}:${e.message.split(/[:,]/)[0]}`, `[seed ${e.seed}] ${e.message}`, e.done, e.total),
        });
        progress.finish();
        printSummary(result.summary);
        process.stdout.write(`wrote ${rel(result.summaryFile)} and ${result.reportFiles.map(rel).join(', ')} in ${result.wallSeconds.toFixed(0)} s\n`);
      }),
    );

  lab
    .command('combine')
    .description('Average demo runs made by separate processes (e.g. one seed per core) into one summary.json with the findings')
    .argument('<dirs...>', 'the --out folders of the runs')
    .requiredOption('--out <dir>', 'where to write the combined summary.json')
    .action(
      runAction((dirs: string[], raw: unknown) => {
        const f = parseOptions(z.object({ out: z.string().min(1) }), raw);
        const r = combineRuns(dirs, f.out);
        printSummary(r.summary);
        process.stdout.write(`wrote ${rel(r.summaryFile)} (seeds ${r.summary.seeds.join(', ')})\n`);
      }),
    );

  const followups = lab.command('followups');
  addPresetFlags(followups, true)
    .description(
      'The follow-up questions: base, plain GRPO and each intervention (ProRL, BroRL, PSR/NSR, pass@k, Clip-/KL-Cov, SELF, edge) at matched compute → study, report, followups.json (resumable)',
    )
    .option(
      '--only <names>',
      'comma-separated arms or groups (grpo, prorl, brorl, psr, nsr, w-reinforce, sign-split, passk, clip-cov, kl-cov, entropy, self, edge); grpo always runs',
      'all',
    )
    .option('--seeds <count>', 'seeds 0 … count − 1 (with --first-seed: first … first + count − 1)', '3')
    .option('--first-seed <seed>', 'the first seed', '0')
    .option('--base <dir>', 'base checkpoint (default: the one shipped for the preset and task)')
    .option('--out <dir>', 'output folder; rerunning into it resumes', 'lab-followups')
    .option('--quiet', 'no progress display')
    .action(
      runAction(async (raw: unknown) => {
        const f = parseOptions(
          PresetFlags.extend({
            only: z.string().min(1),
            seeds: intString('--seeds').refine((n) => n >= 1, '--seeds must be at least 1'),
            firstSeed: intString('--first-seed'),
            base: z.string().optional(),
            out: z.string().min(1),
            quiet: z.boolean().optional(),
          }),
          raw,
        );
        const preset = presetFromFlags(f);
        const set = checkpointSetName(preset);
        const base = f.base ?? (isShipped(set, 'base') ? shippedCheckpoint(set, 'base') : null);
        if (base === null)
          throw new InputError(`no base checkpoint is shipped for ${set}; make one with \`rlbound lab pretrain\` and pass --base`, { field: '--base' });
        const progress = new ProgressLine(process.stderr, f.quiet);
        const result = await runFollowups({
          preset,
          arms: parseArms(f.only, preset),
          seeds: Array.from({ length: f.seeds }, (_, i) => f.firstSeed + i),
          outDir: f.out,
          baseCheckpoint: base,
          onEvent: (e) =>
            progress.update(`${e.seed}:${e.message.split(/[:,]/)[0]}`, `${e.seed === null ? '' : `[seed ${e.seed}] `}${e.message}`, e.done, e.total),
        });
        progress.finish();
        printFollowups(result.followups);
        process.stdout.write(
          `wrote ${rel(result.followupsFile)}, ${rel(result.reportFile)} and ${rel(result.studyFile)} in ${result.wallSeconds.toFixed(0)} s\n`,
        );
      }),
    );

  registerPretrain(lab);

  const rl = lab.command('rl').description('Run one RL algorithm from a checkpoint and save the trained policy');
  addPresetFlags(rl, false)
    .requiredOption('--base <dir>', 'checkpoint to start from')
    .requiredOption('--out <dir>', 'where to save the trained checkpoint')
    .option('--algo <name>', `one of ${ALGORITHMS.join(', ')}`, 'grpo')
    .option('--steps <n>', 'RL steps (default: the preset’s, 150 for paper)')
    .option('--seed <seed>', 'rollout seed', '0')
    .option('--quiet', 'no progress display')
    .action(
      runAction((raw: unknown) => {
        const f = parseOptions(
          PresetFlags.extend({
            base: z.string(),
            out: z.string(),
            algo: z.string(),
            steps: intString('--steps').optional(),
            seed: intString('--seed'),
            quiet: z.boolean().optional(),
          }),
          raw,
        );
        const [algorithm] = parseAlgorithms(f.algo);
        const progress = new ProgressLine(process.stderr, f.quiet);
        const r = rlFromCheckpoint({
          base: f.base,
          out: f.out,
          preset: presetFromFlags(f),
          algorithm: algorithm!,
          steps: f.steps,
          seed: f.seed,
          onStep: (m) => progress.update('rl', `${algorithm}: reward ${m.meanReward.toFixed(3)}`, m.step, m.steps),
        });
        progress.finish();
        const tail = r.history.slice(-10);
        const reward = tail.reduce((a, m) => a + m.meanReward, 0) / Math.max(1, tail.length);
        process.stdout.write(
          `wrote ${rel(f.out)} (${algorithm}, ${r.config.steps} steps, ${r.samplesGenerated} samples, mean reward of the last 10 steps ${reward.toFixed(3)})\n`,
        );
      }),
    );

  const distillCommand = lab.command('distill').description('Fine-tune a checkpoint on teacher traces (or the control format) and save it');
  addPresetFlags(distillCommand, false)
    .requiredOption('--base <dir>', 'checkpoint to start from')
    .requiredOption('--out <dir>', 'where to save the distilled checkpoint')
    .option('--control', 'train on the teacher’s solutions in the base’s own format instead of step traces')
    .option('--steps <n>', 'training steps (default: the preset’s)')
    .option('--lr <rate>', 'peak learning rate (default: the preset’s)')
    .option('--seed <seed>', 'data seed', '0')
    .option('--quiet', 'no progress display')
    .action(
      runAction((raw: unknown) => {
        const f = parseOptions(
          PresetFlags.merge(RecipeFlags).extend({
            base: z.string(),
            out: z.string(),
            control: z.boolean().optional(),
            seed: intString('--seed'),
            quiet: z.boolean().optional(),
          }),
          raw,
        );
        const progress = new ProgressLine(process.stderr, f.quiet);
        const preset = withRecipe(presetFromFlags(f), 'distill', f);
        const r = distillFromCheckpoint({
          base: f.base,
          out: f.out,
          preset,
          format: f.control ? 'control' : 'teacher',
          seed: f.seed,
          onStep: (p) => progress.update('distill', `distill: loss ${p.loss.toFixed(3)}`, p.step, p.steps),
        });
        progress.finish();
        process.stdout.write(`wrote ${rel(f.out)} (final loss ${r.finalLoss.toFixed(4)})\n`);
      }),
    );

  const evalCommand = lab.command('eval').description('Evaluate checkpoints against a base on held-out problems: study store, summary.json, report.html');
  addPresetFlags(evalCommand, true)
    .requiredOption('--base <dir>', 'the base checkpoint (also the perplexity scorer)')
    .option('--model <dir>', 'a checkpoint to compare with the base (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .requiredOption('--out <dir>', 'output folder')
    .option('--seed <seed>', 'sampling seed', '0')
    .option('--quiet', 'no progress display')
    .action(
      runAction(async (raw: unknown) => {
        const f = parseOptions(
          PresetFlags.extend({
            base: z.string(),
            model: z.array(z.string()).optional(),
            out: z.string(),
            seed: intString('--seed'),
            quiet: z.boolean().optional(),
          }),
          raw,
        );
        const progress = new ProgressLine(process.stderr, f.quiet);
        const r = await evaluateCheckpointDirs({
          base: f.base,
          models: f.model ?? [],
          out: f.out,
          preset: presetFromFlags(f),
          seed: f.seed,
          onProgress: (m, d, t) => progress.update(m, `evaluating ${m}`, d, t),
        });
        progress.finish();
        for (const [name, m] of Object.entries(r.summary.models))
          process.stdout.write(`${name}: pass@1 ${pct(m.pass_at_k['1'])}, pass@${r.summary.n} ${pct(m.pass_at_k[String(r.summary.n)])}\n`);
        process.stdout.write(`wrote ${rel(r.summaryFile)} and ${rel(r.reportFile)}\n`);
      }),
    );
}
