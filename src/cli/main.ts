#!/usr/bin/env node
import { Command } from 'commander';
import type { CommandModule } from './command.js';
import * as run from './commands/run.js';
import * as sample from './commands/sample.js';
import * as verify from './commands/verify.js';
import * as score from './commands/score.js';
import * as report from './commands/report.js';
import * as view from './commands/view.js';
import * as passk from './commands/passk.js';
import * as gradeMath from './commands/grade-math.js';
import * as exec from './commands/exec.js';
import * as serve from './commands/serve.js';
import * as lab from './commands/lab.js';
import * as review from './commands/review.js';
import * as worker from './commands/worker.js';
import * as status from './commands/status.js';
import { VERSION } from '../version.js';

const commands: CommandModule[] = [run, sample, verify, score, report, view, passk, gradeMath, exec, serve, lab, review, worker, status];

const program = new Command();
program
  .name('rlbound')
  .description('Did RL teach the model anything new? pass@k at large k, coverage, perplexity, ΔSE — and a CPU lab.')
  .version(VERSION);
for (const c of commands) c.register(program);

await program.parseAsync(process.argv);
