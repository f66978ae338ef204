import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { readJsonFile } from '../../json-file.js';
import { checkFindings } from './findings.js';
import { averageSummaries, RunSummarySchema, type RunSummary } from './summary.js';

const SummaryFileSchema = RunSummarySchema.extend({ runs: z.array(RunSummarySchema).optional() });

/** The per-seed summaries in one demo output folder (a multi-seed summary contributes each of its runs). */
function readRuns(dir: string): RunSummary[] {
  const file = path.join(dir, 'summary.json');
  const summary = readJsonFile(file, SummaryFileSchema, {
    missing: `${dir} has no summary.json (is it the --out folder of \`rlbound lab demo\`?)`,
    invalid: 'not a lab summary',
  });
  return summary.runs ?? [summary];
}

/**
 * Averages lab runs made by separate processes — e.g. one seed per core (`rlbound lab demo
 * --first-seed 1`, `--first-seed 2`, … in parallel) — into one summary with the same schema as a
 * single `--seeds N` run, and checks the paper's findings on the averages. The runs must be the
 * same experiment (task, n and model names); a seed present twice is refused.
 */
export function combineRuns(dirs: readonly string[], outDir: string): { summary: RunSummary & { runs: RunSummary[] }; summaryFile: string } {
  if (dirs.length === 0) throw new InputError('name at least one demo output folder to combine', { field: 'dirs' });
  const runs: RunSummary[] = [];
  const origin: string[] = [];
  for (const dir of dirs) {
    for (const run of readRuns(dir)) {
      runs.push(run);
      origin.push(dir);
    }
  }
  const first = runs[0];
  const names = Object.keys(first.models).sort().join(', ');
  const seen = new Map<number, string>();
  for (const [i, run] of runs.entries()) {
    const where = path.join(origin[i], 'summary.json');
    if (run.task !== first.task || run.n !== first.n)
      throw new InputError(`task ${run.task}, n = ${run.n} differs from ${first.task}, n = ${first.n} of ${origin[0]}`, { file: where });
    const theirs = Object.keys(run.models).sort().join(', ');
    if (theirs !== names) throw new InputError(`models [${theirs}] differ from [${names}] of ${origin[0]}`, { file: where });
    for (const seed of run.seeds) {
      if (seen.has(seed)) throw new InputError(`seed ${seed} is also in ${seen.get(seed)}`, { file: where });
      seen.set(seed, where);
    }
  }
  const wall = runs.reduce((a, r) => a + r.wall_s, 0);
  const averaged = averageSummaries(runs, wall);
  const summary = { ...averaged, details: { findings: checkFindings(averaged), combined_from: [...new Set(origin)].map((d) => path.resolve(d)) } };
  mkdirSync(outDir, { recursive: true });
  const summaryFile = path.join(outDir, 'summary.json');
  writeFileSync(summaryFile, JSON.stringify(summary, null, 2) + '\n');
  return { summary, summaryFile };
}
