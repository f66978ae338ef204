import type { Command } from 'commander';
import { notYet } from '../not-yet.js';

export function register(program: Command): void {
  program.command('lab').description('The CPU laboratory: demo, pretrain, rl, distill, eval').allowUnknownOption().action(notYet('lab'));
}
