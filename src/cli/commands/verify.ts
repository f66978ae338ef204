import type { Command } from 'commander';
import { z } from 'zod';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';

const Options = z.object({
  study: z.string().min(1),
  run: z.coerce.number().int().positive().optional(),
  verifier: z.enum(['math', 'code', 'lab']).optional(),
  policy: z.enum(['strict', 'paper']),
  workers: z.coerce.number().int().positive().optional(),
  unsafeNoSandbox: z.boolean().optional(),
});

export function register(program: Command): void {
  program
    .command('verify')
    .description('Verify stored samples of a study with the math, code or lab verifier (resumable; no re-sampling)')
    .requiredOption('--study <file>', 'the study store')
    .option('--run <id>', 'only this run (default: all)')
    .option('--verifier <name>', 'math, code or lab (default: what each benchmark needs)')
    .option('--policy <policy>', 'math policy: strict (exact) or paper (the Qwen2.5-Math grader)', 'strict')
    .option('--workers <n>', 'verifier workers (default: one per core)')
    .option('--unsafe-no-sandbox', 'run code WITHOUT bubblewrap isolation')
    .action(
      runAction(async (raw: unknown) => {
        const o = parseOptions(Options, raw);
        // Library code is imported when the command runs, so that `--help` starts at once.
        const [{ verifyStudy }, { formatVerifierKey }] = await Promise.all([
          import('../../pipeline/verify-study.js'),
          import('../../study/verifier-choice.js'),
        ]);
        await verifyStudy({
          ...o,
          runId: o.run,
          onRun: (v) =>
            process.stdout.write(
              `${JSON.stringify({ run: v.runId, model: v.model, benchmark: v.benchmark, verifier: formatVerifierKey(v.result.key), verified: v.result.verified, correct: v.result.correct, sandbox_errors: v.result.sandboxErrors })}\n`,
            ),
        });
      }),
    );
}
