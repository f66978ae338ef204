import type { Command } from 'commander';
import { notYet } from '../not-yet.js';

export function register(program: Command): void {
  program.command('grade-math').description('Grade math answers (JSONL in, JSONL out)').allowUnknownOption().action(notYet('grade-math'));
}
