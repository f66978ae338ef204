#!/usr/bin/env node
import { Command } from 'commander';
import type { CommandModule } from './command.js';
import { VERSION } from '../version.js';

/** Every command, one file each under ./commands/ (help lists them in this order). */
const COMMANDS = [
  'run', 'sample', 'verify', 'score', 'report', 'view', 'passk', 'analyze', 'grade-math', 'exec', 'serve', 'lab',
  'review', 'export', 'import', 'worker', 'status',
] as const;

const program = new Command();
program
  .name('rlbound')
  .description('Did RL teach the model anything new? pass@k at large k, coverage, perplexity, ΔSE — and a CPU lab.')
  .version(VERSION);

// Each command module is loaded on its own: one that fails to load (a missing optional system
// part, a broken install) disables only that command and says why, instead of every command.
const loaded = await Promise.allSettled(COMMANDS.map((name) => import(`./commands/${name}.js`) as Promise<CommandModule>));
loaded.forEach((result, i) => {
  const name = COMMANDS[i];
  if (result.status === 'fulfilled') {
    result.value.register(program);
    return;
  }
  const why = result.reason instanceof Error ? result.reason.message : String(result.reason);
  program
    .command(name)
    .description(`(unavailable: ${why.split('\n')[0]})`)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      process.stderr.write(`rlbound: the '${name}' command could not be loaded: ${why}\n`);
      process.exitCode = 1;
    });
});

await program.parseAsync(process.argv);
