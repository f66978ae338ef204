import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { parseAnalysisFlags, reportStudy } from '../../report/index.js';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';

/** The analysis flags `report` and `view` share (see parseAnalysisFlags). */
export function addAnalysisOptions(cmd: Command): Command {
  return cmd
    .option('--title <text>', 'title printed on the report')
    .option('--verifier <key>', 'which verdicts count, as VERIFIER/POLICY@VERSION, e.g. math/strict@1 (default: each run’s own)')
    .option('--compare <base:other>', 'a model pair to compare (repeatable; default: the base model against every other)', (v: string, prev: string[] = []) => [
      ...prev,
      v,
    ])
    .option('--delta-se-k <k>', 'k of ΔSE = pass@k(base) − pass@1(RL) (default 256, lowered to the smallest sample count)')
    .option('--runs <ids>', 'the runs to report, by id (comma-separated; rlbound status lists them): needed when a model has several runs on a benchmark')
    .option('--study-file <file>', 'report the runs of this YAML study file (its models × benchmarks at its sampling settings)')
    .option('--bootstrap <resamples>', 'problem-level bootstrap resamples: a number, or auto (draw until every interval endpoint is stable)', 'auto')
    .option('--bootstrap-tolerance <points>', 'auto: largest Monte-Carlo standard error of an interval endpoint, in percentage points (default 0.2)')
    .option('--bootstrap-max <resamples>', 'auto: most resamples drawn for one interval (default 64000)')
    .option('--ci <level>', 'confidence level of every interval', '0.95')
    .option('--seed <seed>', 'seed of the bootstrap', '0');
}

const Paths = z.object({ study: z.string().min(1), out: z.string().min(1).optional(), studyFile: z.string().min(1).optional() });

export function register(program: Command): void {
  addAnalysisOptions(
    program
      .command('report')
      .description('Write a self-contained HTML report with figures (SVG/PNG) and tables for a study')
      .requiredOption('--study <file>', 'the study: its SQLite store or its YAML study file')
      .option('--out <dir>', 'output folder (default: report.out of the study file)'),
  ).action(
    runAction(async (raw: unknown) => {
      const paths = parseOptions(Paths, raw);
      const files = await reportStudy({ ...parseAnalysisFlags(raw), study: paths.study, out: paths.out, studyFile: paths.studyFile });
      const rel = (p: string): string => path.relative(process.cwd(), p) || '.';
      process.stdout.write(
        `wrote ${rel(files.html)}\n` +
          `  ${files.figures.length} figures (SVG + PNG) in ${rel(path.join(files.outDir, 'figures'))}\n` +
          `  ${files.tables.length} tables (CSV) in ${rel(path.join(files.outDir, 'tables'))}, every number in ${rel(files.json)}\n`,
      );
    }),
  );
}
