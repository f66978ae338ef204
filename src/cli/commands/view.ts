import type { Command } from 'commander';
import { notYet } from '../not-yet.js';

export function register(program: Command): void {
  program.command('view').description('Browse a study in a local web viewer').allowUnknownOption().action(notYet('view'));
}
