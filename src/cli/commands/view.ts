import type { Command } from 'commander';
import { z } from 'zod';
import { parseAnalysisFlags } from '../../report/index.js';
import { viewStudy } from '../../view/index.js';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';
import { addAnalysisOptions } from './report.js';

const Flags = z.object({
  study: z.string().min(1),
  host: z.string().min(1),
  port: z.coerce.number().int('must be an integer').min(0).max(65535),
  studyFile: z.string().min(1).optional(),
});

export function register(program: Command): void {
  addAnalysisOptions(
    program
      .command('view')
      .description('Browse a study in a local web viewer')
      .requiredOption('--study <file>', 'the study: its SQLite store or its YAML study file')
      .option('--port <port>', 'port to listen on (0 = any free port)', '8377')
      .option('--host <address>', 'interface to bind; anything but loopback exposes the study to the network', '127.0.0.1'),
  ).action(
    runAction(async (raw: unknown) => {
      const flags = parseOptions(Flags, raw);
      const viewer = await viewStudy({ ...parseAnalysisFlags(raw), study: flags.study, studyFile: flags.studyFile, host: flags.host, port: flags.port });
      process.stdout.write(`rlbound viewer: ${viewer.url}  (Ctrl-C to stop)\n`);
      // Serve until interrupted; then close the server and the study cleanly.
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await viewer.close();
    }),
  );
}
