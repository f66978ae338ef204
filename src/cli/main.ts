#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import type { CommandModule } from './command.js';
import { COMMANDS, isCommandName, type CommandName } from './command-list.js';
import { VERSION } from '../version.js';

const program = new Command();
program
  .name('rlbound')
  .description('Did RL teach the model anything new? pass@k at large k, coverage, perplexity, ΔSE — and a CPU lab.')
  .version(VERSION)
  // Usage mistakes (unknown option, missing argument) are input errors like any other: exit 2.
  .exitOverride();

/**
 * Loads one command module and adds its command. A module that fails to load (a missing optional
 * system part, a broken install) disables only that command and says why.
 */
async function load(name: CommandName): Promise<void> {
  try {
    // The lab plugs its benchmarks and verifier into the measurement side here, at the edge.
    const [{ registerLabPlugin }, mod] = await Promise.all([import('../lab/plugin.js'), import(`./commands/${name}.js`) as Promise<CommandModule>]);
    registerLabPlugin();
    mod.register(program);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    program
      .command(name)
      .description(`(unavailable: ${why.split('\n')[0]})`)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => {
        process.stderr.write(`rlbound: the '${name}' command could not be loaded: ${why}\n`);
        process.exitCode = 1;
      });
  }
}

// Only the command being run is loaded: `rlbound --version`, `--help` and each command start
// without importing the other fifteen (docs: BENCHMARKS.md, CLI start-up).
const [first, second] = process.argv.slice(2);
if (isCommandName(first)) {
  await load(first);
} else if (first === 'help' && isCommandName(second)) {
  await load(second);
  process.argv.splice(2, 2, second, '--help');
} else {
  for (const [name, summary] of Object.entries(COMMANDS)) program.command(name).description(summary);
}
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (!(err instanceof CommanderError)) throw err;
  // Commander has printed its message already; help and --version are successes.
  process.exitCode = err.exitCode === 0 ? 0 : 2;
}
