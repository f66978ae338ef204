import type { Command } from 'commander';

/** One CLI command: a file under `src/cli/commands/` exports a `CommandModule`. */
export interface CommandModule {
  /** Adds the command (with its options and action) to the program. */
  register(program: Command): void;
}
