import type { Command } from 'commander';
import { notYet } from '../not-yet.js';

export function register(program: Command): void {
  program.command('sample').description('Sample n completions per problem from a model server into a study (resumable)').allowUnknownOption().action(notYet('sample'));
}
