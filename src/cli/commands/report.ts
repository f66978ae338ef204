import type { Command } from 'commander';
import { notYet } from '../not-yet.js';

export function register(program: Command): void {
  program.command('report').description('Write a self-contained HTML report with figures (SVG/PNG) and tables for a study').allowUnknownOption().action(notYet('report'));
}
