import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { parseJsonlLines } from './jsonl.js';
import type { SandboxLimits } from './limits.js';
import type { CodePool } from './pool.js';
import type { CodeJob, CodeTest, JobResult } from './test-spec.js';

/** One input row of `rlbound exec`: stdin/stdout tests, or a harness run after the program. */
const rowSchema = z
  .object({
    id: z.string().min(1),
    program: z.string(),
    tests: z
      .array(z.object({ stdin: z.string(), stdout: z.string() }).strict())
      .min(1)
      .optional(),
    harness: z.string().optional(),
    timeout_s: z.number().positive().finite().optional(),
    memory_mb: z.number().positive().finite().optional(),
  })
  .strict()
  .refine((r) => (r.tests === undefined) !== (r.harness === undefined), { message: 'give exactly one of "tests" and "harness"', path: ['tests'] });

export type ExecRow = z.infer<typeof rowSchema>;

/** One output row, in the input's order. */
export interface ExecResultRow {
  id: string;
  status: JobResult['status'];
  passed: number;
  total: number;
  duration_ms: number;
  detail: string;
}

/** Parses every row before anything runs, so a bad row is reported with its line and field. */
export function parseExecRows(text: string, file: string): ExecRow[] {
  return parseJsonlLines(text, file, rowSchema).map((r) => r.value);
}

/** Reads and validates an input file of `rlbound exec`. */
export function readExecRows(file: string): ExecRow[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read input: ${(err as Error).message}`, { file });
  }
  return parseExecRows(text, file);
}

export function execRowJob(row: ExecRow, stopOnFirstFailure: boolean): CodeJob {
  const limits: Partial<SandboxLimits> = {};
  if (row.timeout_s !== undefined) limits.wallS = row.timeout_s;
  if (row.memory_mb !== undefined) limits.memoryMb = row.memory_mb;
  const tests: CodeTest[] = row.tests
    ? row.tests.map((t) => ({ kind: 'stdio', stdin: t.stdin, expectedStdout: t.stdout }))
    : [{ kind: 'script', harness: row.harness ?? '' }];
  return { program: row.program, tests, limits, stopOnFirstFailure };
}

export interface ExecSummary {
  rows: number;
  byStatus: Partial<Record<JobResult['status'], number>>;
  durationMs: number;
}

/**
 * Runs every row on the pool and writes the results as JSONL in input order. The output is
 * written to a temporary file and renamed at the end, so an earlier output is never half-overwritten.
 */
export async function execJsonl(
  rows: readonly ExecRow[],
  pool: CodePool,
  outputFile: string,
  options: { stopOnFirstFailure?: boolean } = {},
): Promise<ExecSummary> {
  const started = performance.now();
  const results = await Promise.all(
    rows.map(async (row): Promise<ExecResultRow> => {
      const r = await pool.run(execRowJob(row, options.stopOnFirstFailure ?? false));
      return { id: row.id, status: r.status, passed: r.passed, total: r.total, duration_ms: Math.round(r.durationMs * 10) / 10, detail: r.detail };
    }),
  );
  const tmp = `${outputFile}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, results.map((r) => JSON.stringify(r) + '\n').join(''));
    renameSync(tmp, outputFile);
  } catch (err) {
    throw new InputError(`cannot write output: ${(err as Error).message}`, { file: outputFile });
  }
  const byStatus: ExecSummary['byStatus'] = {};
  for (const r of results) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  return { rows: results.length, byStatus, durationMs: performance.now() - started };
}
