import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';

const Options = z.object({
  checkpoint: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  name: z.string().min(1).optional(),
});

export function register(program: Command): void {
  program
    .command('serve')
    .description('Serve a lab checkpoint over an OpenAI-compatible HTTP API on 127.0.0.1')
    .requiredOption('--checkpoint <dir>', 'lab checkpoint directory (config.json + model.safetensors)')
    .option('--port <p>', 'TCP port on 127.0.0.1 (0 = any free port)', '8000')
    .option('--name <model>', 'model name to serve (default: the checkpoint folder name)')
    .action(
      runAction(async (raw: Record<string, unknown>) => {
        const o = parseOptions(Options, raw);
        // Library code is imported when the command runs, so that `--help` starts at once.
        const { loadLabServable, startServer } = await import('../../serve/index.js');
        const model = loadLabServable(o.checkpoint, o.name);
        const server = await startServer(model, { port: o.port }).catch((err: NodeJS.ErrnoException) => {
          // The port is the user's choice: a taken or forbidden one is an input problem, named with its flag.
          if (err.code === 'EADDRINUSE')
            throw new InputError(`port ${o.port} on 127.0.0.1 is already in use (another server?); choose another with --port, or --port 0 for any free port`, {
              field: '--port',
            });
          if (err.code === 'EACCES')
            throw new InputError(`port ${o.port} needs privileges on this machine; choose one above 1023, or --port 0 for any free port`, { field: '--port' });
          throw err;
        });
        // One machine-readable line first (scripts wait for it), then a human hint.
        process.stdout.write(`${JSON.stringify({ url: server.url, model: model.id, context: model.contextLength })}\n`);
        process.stderr.write(`serving ${model.id} at ${server.url} (Ctrl-C to stop)\n`);
        await new Promise<void>((resolve) => {
          const stop = (): void => {
            void server.close().then(resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      }),
    );
}
