import type { Command } from 'commander';
import { notYet } from '../not-yet.js';

export function register(program: Command): void {
  program.command('serve').description('Serve a lab checkpoint over an OpenAI-compatible HTTP API on 127.0.0.1').allowUnknownOption().action(notYet('serve'));
}
