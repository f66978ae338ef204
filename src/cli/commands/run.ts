import type { Command } from 'commander';
import { notYet } from '../not-yet.js';

export function register(program: Command): void {
  program.command('run').description('Run a whole study from a YAML file: sample, verify, score, analyze, report (resumable)').allowUnknownOption().action(notYet('run'));
}
