import type { Command } from 'commander';
import { z } from 'zod';
import { verifyStudy } from '../../pipeline/verify-study.js';
import { MODEL_ROLES, openStore, type JsonObject } from '../../study/index.js';
import { builtinResolver } from '../../study/import/builtin-benchmarks.js';
import { FORMAT_NAMES, FORMAT_READERS } from '../../study/import/formats.js';
import { importResults, type PartReport } from '../../study/import/import-study.js';
import { formatVerifierKey } from '../../study/verifier-choice.js';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';

const Options = z
  .object({
    study: z.string().min(1),
    input: z.array(z.string().min(1)).min(1),
    format: z.enum(['auto', ...FORMAT_NAMES] as [string, ...string[]]),
    model: z.string().min(1).optional(),
    role: z.enum(MODEL_ROLES as [string, ...string[]]).optional(),
    benchmark: z.string().min(1).optional(),
    dataDir: z.string().min(1).optional(),
    temperature: z.coerce.number().min(0).optional(),
    topP: z.coerce.number().gt(0).max(1).optional(),
    maxTokens: z.coerce.number().int().positive().optional(),
    n: z.coerce.number().int().positive().optional(),
    seed: z.coerce.number().int().min(0).optional(),
    engine: z.string().min(1).optional(),
    append: z.boolean().optional(),
    sampleOffset: z.coerce.number().int().min(0).optional(),
    dryRun: z.boolean().optional(),
    regrade: z.boolean().optional(),
    policy: z.enum(['strict', 'paper']),
    workers: z.coerce.number().int().positive().optional(),
  })
  .refine((o) => !(o.append && o.sampleOffset !== undefined), { message: 'give --append or --sample-offset, not both', path: ['append'] });

/** A part's report in the command's JSON (snake_case). */
function reportJson(r: PartReport): Record<string, unknown> {
  return {
    status: r.status,
    file: r.file,
    format: r.format,
    model: r.model,
    benchmark: r.benchmark,
    builtin_benchmark: r.builtinBenchmark,
    run: r.runId,
    problems: r.problems,
    matched: r.matched,
    samples: r.samples,
    source_verdicts: r.sourceVerdicts,
    to_regrade: r.toRegrade,
    first_sample_index: r.firstSampleIndex,
    counts_only: r.countsOnly,
    verifier: r.verdictKey === null ? null : formatVerifierKey(r.verdictKey),
    settings: r.settings,
    content_hash: r.contentHash,
  };
}

/** Problems of the run's benchmark with no gold to grade against (a file's own problems may lack it). */
async function goldlessProblems(study: string, runId: number): Promise<number> {
  const store = await openStore(study, { mustExist: true });
  try {
    const run = (await store.getRun(runId))!;
    return (await store.listProblems(run.benchmarkId)).filter((p) => p.gold === null || p.gold === '').length;
  } finally {
    await store.close();
  }
}

export function register(program: Command): void {
  program
    .command('import')
    .description(
      'Import results of other harnesses (lm-eval, lighteval, Inspect, OpenCompass, EvalPlus, math_eval, verl, counts, rlbound export) into a study, in one transaction',
    )
    .requiredOption('--study <file>', 'the study store (created if absent)')
    .requiredOption('--input <path...>', 'files or folders to import (several seed files pool)')
    .option('--format <name>', `auto (detect) or one of: ${FORMAT_READERS.map((r) => r.name).join(', ')}`, 'auto')
    .option('--model <name>', 'the model the results belong to (default: the name the file gives)')
    .option('--role <role>', `what the model is: ${MODEL_ROLES.join(', ')}`)
    .option('--benchmark <name>', "a built-in benchmark to match problems to (by id or text; its gold answers are used), or a name for the file's own problems")
    .option('--data-dir <dir>', 'where built-in benchmark data lives (default RLBOUND_DATA_DIR)')
    .option('--temperature <t>', 'sampling temperature, when the file does not say')
    .option('--top-p <p>', 'top-p, when the file does not say')
    .option('--max-tokens <n>', 'max new tokens, when the file does not say')
    .option('--n <n>', 'samples per problem, when the file does not say')
    .option('--seed <s>', 'sampling seed, when the file does not say')
    .option('--engine <name>', 'inference engine (vllm, sglang, …), when the file does not say')
    .option('--append', 'put the samples after those already stored (the next free slots)')
    .option('--sample-offset <i>', 'put the samples from this slot on')
    .option('--dry-run', 'print what would be imported and write nothing')
    .option('--regrade', "re-grade every imported sample with rlbound's verifier (default when the file has no per-sample verdicts)")
    .option('--no-regrade', 'do not re-grade')
    .option('--policy <policy>', 'math policy for re-grading: strict or paper', 'strict')
    .option('--workers <n>', 're-grading workers (default: one per core)')
    .action(
      runAction(async (raw: unknown) => {
        const o = parseOptions(Options, raw);
        const sampling: JsonObject = {};
        if (o.temperature !== undefined) sampling.temperature = o.temperature;
        if (o.topP !== undefined) sampling.top_p = o.topP;
        if (o.maxTokens !== undefined) sampling.max_tokens = o.maxTokens;
        if (o.n !== undefined) sampling.n = o.n;
        if (o.seed !== undefined) sampling.seed = o.seed;
        if (o.engine !== undefined) sampling.engine = o.engine;
        const store = await openStore(o.study);
        let reports: PartReport[];
        try {
          reports = await importResults(store, {
            inputs: o.input,
            format: o.format,
            ...(o.model !== undefined ? { model: o.model } : {}),
            ...(o.role !== undefined ? { role: o.role as (typeof MODEL_ROLES)[number] } : {}),
            ...(o.benchmark !== undefined ? { benchmark: o.benchmark } : {}),
            sampling,
            append: o.append ?? false,
            ...(o.sampleOffset !== undefined ? { sampleOffset: o.sampleOffset } : {}),
            dryRun: o.dryRun ?? false,
            builtin: builtinResolver(o.dataDir),
          });
        } finally {
          await store.close();
        }
        for (const r of reports) process.stdout.write(`${JSON.stringify(reportJson(r))}\n`);
        if (o.dryRun) return;
        // Re-grading runs after the import committed: the samples are safe whatever the verifier does.
        const runs = [
          ...new Set(
            reports
              .filter((r) => r.status === 'imported' && !r.countsOnly && (o.regrade === true || (o.regrade === undefined && r.toRegrade > 0)))
              .map((r) => r.runId!),
          ),
        ];
        for (const runId of runs) {
          const missing = await goldlessProblems(o.study, runId);
          if (missing > 0) {
            process.stdout.write(
              `${JSON.stringify({ regrade_skipped: runId, reason: `${missing} problems have no gold answer or tests; name a built-in benchmark with --benchmark to re-grade` })}\n`,
            );
            continue;
          }
          await verifyStudy({
            study: o.study,
            runId,
            policy: o.policy,
            ...(o.workers !== undefined ? { workers: o.workers } : {}),
            onRun: (v) =>
              process.stdout.write(
                `${JSON.stringify({ regraded: v.runId, model: v.model, benchmark: v.benchmark, verifier: formatVerifierKey(v.result.key), verified: v.result.verified, correct: v.result.correct })}\n`,
              ),
          });
        }
      }),
    );
}
