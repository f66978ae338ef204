import type { Command } from 'commander';
import { notYet } from '../not-yet.js';

export function register(program: Command): void {
  program.command('score').description('Score stored responses under another model (log-probs, perplexity)').allowUnknownOption().action(notYet('score'));
}
