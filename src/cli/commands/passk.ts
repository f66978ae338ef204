import type { Command } from 'commander';
import { notYet } from '../not-yet.js';

export function register(program: Command): void {
  program.command('passk').description('Compute pass@k curves with bootstrap confidence bands from a JSONL file').allowUnknownOption().action(notYet('passk'));
}
