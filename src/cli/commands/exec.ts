import type { Command } from 'commander';
import { notYet } from '../not-yet.js';

export function register(program: Command): void {
  program.command('exec').description('Run programs against tests in the bubblewrap sandbox (JSONL in, JSONL out)').allowUnknownOption().action(notYet('exec'));
}
