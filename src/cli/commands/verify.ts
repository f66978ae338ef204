import type { Command } from 'commander';
import { notYet } from '../not-yet.js';

export function register(program: Command): void {
  program.command('verify').description('Verify stored samples of a study with the math or code verifier').allowUnknownOption().action(notYet('verify'));
}
