import type { Command } from 'commander';
import { z } from 'zod';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';

const Options = z.object({
  input: z.string().min(1),
  output: z.string().min(1),
  workers: z.coerce.number().int().min(1).max(256).optional(),
  timeoutS: z.coerce.number().positive().max(3600),
  memoryMb: z.coerce.number().int().min(16).max(1_048_576),
  cpuS: z.coerce.number().positive().max(3600).optional(),
  processes: z.coerce.number().int().min(1).max(4096).optional(),
  fileSizeMb: z.coerce.number().positive().max(1_048_576).optional(),
  openFiles: z.coerce.number().int().min(16).max(65_536).optional(),
  outputKb: z.coerce.number().int().min(1).max(1_048_576).optional(),
  retestTimeouts: z.coerce.number().int().min(0).max(10),
  python: z.string().min(1).optional(),
  bwrap: z.string().min(1).optional(),
  unsafeNoSandbox: z.boolean(),
  stopOnFirstFailure: z.boolean(),
});

export function register(program: Command): void {
  program
    .command('exec')
    .description('Run programs against tests in the bubblewrap sandbox (JSONL in, JSONL out)')
    .requiredOption('--input <file>', 'JSONL rows {"id","program","tests":[{"stdin","stdout"}]} or {"id","program","harness"}')
    .requiredOption('--output <file>', 'JSONL results {"id","status","passed","total","duration_ms","detail"}, same order')
    .option('--workers <n>', 'sandboxes in parallel (default: one per core)')
    .option('--timeout-s <s>', 'wall-clock (and CPU) seconds per test, unless a row sets "timeout_s"', '6')
    .option('--memory-mb <m>', 'address-space limit per process in MiB, unless a row sets "memory_mb"', '2048')
    .option('--cpu-s <s>', 'CPU seconds per process (default: the timeout)')
    .option('--processes <n>', 'processes and threads per test (default 64)')
    .option('--file-size-mb <m>', 'largest file a program may write (default 64)')
    .option('--open-files <n>', 'open file descriptors per process (default 256)')
    .option('--output-kb <k>', 'cap on stdout and on stderr per test (default 1024)')
    .option('--retest-timeouts <n>', 'extra runs of a test that timed out before it counts', '1')
    .option('--python <path>', 'Python interpreter (default: $RLBOUND_PYTHON or /usr/bin/python3)')
    .option('--bwrap <path>', 'bubblewrap binary (default: $RLBOUND_BWRAP or bwrap on PATH)')
    .option('--stop-on-first-failure', 'skip the remaining tests of a row after its first failure')
    .option('--unsafe-no-sandbox', 'run WITHOUT isolation (model-written code gets your permissions)')
    .action(
      runAction(async (raw: Record<string, unknown>) => {
        const o = parseOptions(Options, { unsafeNoSandbox: false, stopOnFirstFailure: false, ...raw });
        // Library code is imported when the command runs, so that `--help` starts at once.
        const { CodePool, execJsonl, readExecRows } = await import('../../verify/code/index.js');
        const rows = readExecRows(o.input);
        if (o.unsafeNoSandbox) process.stderr.write('rlbound: WARNING: --unsafe-no-sandbox: programs run without isolation\n');
        const pool = await CodePool.create({
          workers: o.workers,
          python: o.python,
          bwrap: o.bwrap,
          unsafeNoSandbox: o.unsafeNoSandbox,
          retestTimeouts: o.retestTimeouts,
          limits: {
            wallS: o.timeoutS,
            memoryMb: o.memoryMb,
            cpuS: o.cpuS,
            processes: o.processes,
            fileSizeMb: o.fileSizeMb,
            openFiles: o.openFiles,
            outputBytes: o.outputKb === undefined ? undefined : o.outputKb * 1024,
          },
        });
        try {
          const s = await execJsonl(rows, pool, o.output, { stopOnFirstFailure: o.stopOnFirstFailure });
          const counts = Object.entries(s.byStatus)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ');
          process.stderr.write(`ran ${s.rows} rows in ${(s.durationMs / 1000).toFixed(1)} s (${counts || 'none'}) → ${o.output}\n`);
        } finally {
          await pool.close();
        }
      }),
    );
}
