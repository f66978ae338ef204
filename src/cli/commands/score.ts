import type { Command } from 'commander';
import { z } from 'zod';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';

const Options = z.object({
  study: z.string().min(1),
  scorer: z.string().min(1),
  run: z.coerce.number().int().positive(),
  endpoint: z.string().optional(),
  checkpoint: z.string().optional(),
  servedName: z.string().optional(),
  apiKeyEnv: z.string().optional(),
  template: z.string().optional(),
  tokenizerConfig: z.string().optional(),
  concurrency: z.coerce.number().int().positive().max(4096),
  topLogprobs: z.coerce.number().int().min(0).max(20),
  timeoutS: z.coerce.number().positive(),
});

export function register(program: Command): void {
  program
    .command('score')
    .description('Score stored responses under another model (log-probs, perplexity)')
    .requiredOption('--study <file>', 'study file')
    .requiredOption('--scorer <name>', "the study's name for the scoring model (also its served name unless --served-name)")
    .requiredOption('--run <id>', 'run whose responses are scored')
    .option('--endpoint <url>', 'OpenAI-compatible base URL with echo support (vLLM, SGLang, rlbound serve)')
    .option('--checkpoint <dir>', 'score with a lab checkpoint in-process instead')
    .option('--served-name <name>', 'model name the server serves, if different from --scorer')
    .option('--api-key-env <VAR>', 'environment variable holding the API key')
    .option('--template <name>', 'template the run was sampled with (found automatically among the built-ins)')
    .option('--tokenizer-config <file>', 'tokenizer_config.json the run rendered its prompts with')
    .option('--concurrency <c>', 'requests in flight at most', '16')
    .option('--top-logprobs <k>', 'alternatives per token for the entropy estimate (servers cap this, vLLM at 20)', '0')
    .option('--timeout-s <s>', 'seconds per request before it is retried', '600')
    .action(
      runAction(async (raw: Record<string, unknown>) => {
        const o = parseOptions(Options, raw);
        // Library code is imported when the command runs, so that `--help` starts at once.
        const { runScoreJob } = await import('../../sample/score-job.js');
        const s = await runScoreJob({ ...o, timeoutMs: o.timeoutS * 1000 });
        if (s.failed > 0) process.stderr.write(`rlbound: warning: ${s.failed} samples could not be scored (e.g. ${s.errors[0]}); run again to retry them\n`);
        process.stdout.write(
          `${JSON.stringify({ scored: s.scored, skipped: s.skipped, failed: s.failed, tokens: s.tokens, bytes: s.bytes, nll_sum: s.nllSum, ppl_per_token: s.perplexityPerToken, ppl_per_byte: s.perplexityPerByte, seconds: Number(s.seconds.toFixed(3)) })}\n`,
        );
      }),
    );
}
