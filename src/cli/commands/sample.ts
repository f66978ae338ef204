import type { Command } from 'commander';
import { z } from 'zod';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';

const Options = z.object({
  study: z.string().min(1),
  model: z.string().min(1),
  endpoint: z.array(z.string()).optional(),
  checkpoint: z.string().optional(),
  bench: z.string().min(1),
  data: z.string().optional(),
  limit: z.coerce.number().int().positive().optional(),
  n: z.coerce.number().int().positive().max(16_777_216),
  temperature: z.coerce.number().min(0).max(5),
  topP: z.coerce.number().gt(0).max(1),
  topK: z.coerce.number().int().optional(),
  maxTokens: z.coerce.number().int().positive(),
  seed: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  concurrency: z.coerce.number().int().positive().max(4096),
  api: z.enum(['completions', 'chat']),
  apiKeyEnv: z.string().optional(),
  servedName: z.string().optional(),
  template: z.string().optional(),
  tokenizerConfig: z.string().optional(),
  stop: z.array(z.string()).optional(),
  allowUnseeded: z.boolean(),
  timeoutS: z.coerce.number().positive(),
  maxChoices: z.coerce.number().int().positive().max(4096),
});

export function register(program: Command): void {
  program
    .command('sample')
    .description('Sample n completions per problem from a model server into a study (resumable)')
    .requiredOption('--study <file|url>', 'study: a SQLite file (created if absent) or a postgres:// URL')
    .requiredOption('--model <name>', "the study's name for the model (also the served model name unless --served-name)")
    .option(
      '--endpoint <url>',
      'OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1; repeat it to spread the run over several servers (work stealing; --concurrency is then per server)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--checkpoint <dir>', 'sample a lab checkpoint in-process instead of a server')
    .requiredOption('--bench <name|file>', 'built-in benchmark name or a benchmark spec file')
    .option('--data <file>', "override the benchmark's data file")
    .option('--limit <k>', 'only the first k problems')
    .requiredOption('-n, --n <n>', 'samples per problem')
    .option('--temperature <t>', 'sampling temperature', '0.6')
    .option('--top-p <p>', 'nucleus sampling mass', '0.95')
    .option('--top-k <k>', 'top-k cut (vLLM/SGLang/llama.cpp; not sent if absent)')
    .option('--max-tokens <m>', 'tokens per sample at most', '4096')
    .option('--seed <s>', 'base seed of the run (sample seeds derive from it)', '0')
    .option('--concurrency <c>', 'requests in flight at most (adapts below this)', '64')
    .option('--api <api>', 'completions (raw prompt, client-side template) or chat', 'completions')
    .option('--api-key-env <VAR>', 'environment variable holding the API key')
    .option('--served-name <name>', 'model name the server serves, if different from --model')
    .option('--template <name>', 'prompt template (built-in name, or "raw" for the question as-is); default: the benchmark\'s')
    .option('--tokenizer-config <file>', "render the template with this tokenizer_config.json's chat template")
    .option('--stop <s...>', 'extra stop strings')
    .option('--allow-unseeded', 'sample even if the server ignores seeds (duplicates are flagged)')
    .option('--timeout-s <s>', 'seconds per request before it is retried', '600')
    .option('--max-choices <m>', 'choices per request at most when the server supports n', '64')
    .action(
      runAction(async (raw: Record<string, unknown>) => {
        const o = parseOptions(Options, { allowUnseeded: false, ...raw });
        // Library code is imported when the command runs, so that `--help` starts at once.
        const { finishedProgress, progressReporter, runSampleJob } = await import('../../sample/index.js');
        const progress = progressReporter(process.stderr, { tty: process.stderr.isTTY === true });
        const abort = new AbortController();
        const onSigint = (): void => {
          process.stderr.write('\nrlbound: stopping (stored samples are kept; run the same command to resume)\n');
          abort.abort();
        };
        process.once('SIGINT', onSigint);
        try {
          const r = await runSampleJob({
            ...o,
            timeoutMs: o.timeoutS * 1000,
            maxChoicesPerRequest: o.maxChoices,
            signal: abort.signal,
            onProbe: (caps, warnings) => {
              const batching = caps.nSupported && caps.nConsecutiveSeeds ? `n up to ${o.maxChoices} per request` : 'one request per sample';
              process.stderr.write(
                `server: ${caps.answeringModel} at ${caps.endpoint}; ${batching}; logprobs ${caps.logprobs ? 'yes' : 'no'}; echo ${caps.echo ? 'yes' : 'no'}\n`,
              );
              for (const w of warnings) process.stderr.write(`rlbound: warning: ${w}\n`);
            },
            onProgress: (p) => progress.update(p),
          });
          const s = r.summary;
          progress.done(finishedProgress(s));
          const suspicious = s.duplicateProblems.filter((d) => d.suspicious).length;
          if (suspicious > 0) {
            process.stderr.write(
              `rlbound: warning: in ${suspicious} problems more than half the samples are identical at temperature ${o.temperature}: the server probably reuses or ignores seeds\n`,
            );
          } else if (s.duplicateSamples > 0) {
            process.stderr.write(
              `duplicates: ${s.duplicateSamples} samples identical to another of the same problem (${s.duplicateProblems.length} problems; normal for short answers)\n`,
            );
          }
          if (s.failedSlots > 0)
            process.stderr.write(
              `rlbound: warning: ${s.failedSlots} slots failed after retries (recorded with their error; run again to retry them with the same seeds)\n`,
            );
          process.stdout.write(
            `${JSON.stringify({ run: r.run.id, created: r.created, target_n: r.run.targetN, stored: s.stored, failed_slots: s.failedSlots, retried_attempts: s.failedAttempts, requests: s.requests, duplicate_samples: s.duplicateSamples, duplicate_problems: s.duplicateProblems.length, suspicious_duplicate_problems: s.duplicateProblems.filter((d) => d.suspicious).length, completion_tokens: s.completionTokens, seconds: Number(s.seconds.toFixed(3)), interrupted: abort.signal.aborted })}\n`,
          );
        } finally {
          process.off('SIGINT', onSigint);
        }
      }),
    );
}
