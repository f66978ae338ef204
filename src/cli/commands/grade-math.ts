import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { gradeJsonl, MathBenchmark, MathGradingPool, MathPolicy } from '../../verify/math/index.js';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';

const Options = z.object({
  input: z.string().min(1),
  output: z.string().min(1),
  policy: MathPolicy,
  workers: z.coerce.number().int().min(1).max(256).optional(),
  benchmark: MathBenchmark.optional(),
  timeoutMs: z.coerce.number().int().min(10).max(600_000),
  cache: z.boolean(),
});

export function register(program: Command): void {
  program
    .command('grade-math')
    .description('Grade math answers (JSONL in, JSONL out)')
    .requiredOption(
      '--input <file>',
      'JSONL rows {"id","gold","response"} or {"id","gold","pred"}, optionally "question" (the problem text: under strict it decides whether a list answer is ordered) and "benchmark"',
    )
    .requiredOption('--output <file>', 'JSONL verdicts, one per input row, same order')
    .option('--policy <policy>', 'strict (mathematically exact) or paper (the Qwen2.5-Math grader the study used)', 'strict')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--benchmark <name>', 'benchmark of every row (unit and gold rules), unless a row sets "benchmark"')
    .option('--timeout-ms <ms>', 'budget per verdict; past it the verdict is {"correct": false, "reason": "timeout"}', '2000')
    .option('--no-cache', 'grade identical rows separately')
    .action(
      runAction(async (raw: Record<string, unknown>) => {
        const o = parseOptions(Options, raw);
        let text: string;
        try {
          text = readFileSync(o.input, 'utf8');
        } catch (err) {
          throw new InputError(`cannot read input: ${err instanceof Error ? err.message : String(err)}`, { file: o.input });
        }
        const pool = new MathGradingPool({ workers: o.workers, budgetMs: o.timeoutMs });
        try {
          const rows = await gradeJsonl(text, pool, { policy: o.policy, benchmark: o.benchmark, cache: o.cache });
          writeFileSync(o.output, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length > 0 ? '\n' : ''));
          const graded = rows.filter((r) => 'correct' in r);
          const correct = graded.filter((r) => 'correct' in r && r.correct).length;
          process.stderr.write(`graded ${graded.length} rows (${correct} correct, ${rows.length - graded.length} malformed) → ${o.output}\n`);
        } finally {
          await pool.close();
        }
      }),
    );
}
