import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import type { ModelRole } from '../study/types.js';
import { parseYamlConfig } from './yaml-config.js';

/**
 * The study file: which models, which benchmarks, how to sample, verify, score and report.
 * `rlbound run STUDY.yaml` reads it; every stage is resumable from the store it names.
 */

/** What a model is in a study (the store keeps it with the model: `StudyStore.setModelRole`). */
export const MODEL_ROLES = ['base', 'rl', 'distill', 'sft', 'other'] as const satisfies readonly ModelRole[];

const name = z.string().regex(/^[A-Za-z0-9][\w.+@-]*$/, 'use letters, digits and . _ + @ - (it becomes part of file names)');

const httpUrl = z.string().regex(/^https?:\/\/[^\s/]+/, 'expected an http:// or https:// URL, e.g. http://127.0.0.1:8000/v1');

const samplingSchema = z
  .object({
    n: z.number().int().positive().max(1_000_000).optional(),
    temperature: z.number().min(0).max(5).optional(),
    top_p: z.number().gt(0).max(1).optional(),
    top_k: z.number().int().optional(),
    max_tokens: z.number().int().positive().optional(),
    seed: z.number().int().min(0).optional(),
    concurrency: z.number().int().positive().max(4096).optional(),
    stop: z.array(z.string()).optional(),
  })
  .strict();
export type SamplingSettings = z.infer<typeof samplingSchema>;

const modelSchema = z
  .object({
    name,
    /** OpenAI-compatible base URL (…/v1), or several for work stealing across servers. */
    endpoint: z.union([httpUrl, z.array(httpUrl).min(1)]).optional(),
    /** A lab checkpoint directory: served in-process, no server needed. */
    checkpoint: z.string().optional(),
    /** The model name the server serves (defaults to what /v1/models reports). */
    served_name: z.string().optional(),
    api: z.enum(['completions', 'chat']).default('completions'),
    template: z.string().optional(),
    /** A tokenizer_config.json whose chat_template renders chat prompts client-side. */
    tokenizer_config: z.string().optional(),
    /** Name of the environment variable holding the API key (never the key itself). */
    api_key_env: z.string().optional(),
    sampling: samplingSchema.optional(),
    /** What the model is in the study: the base model, its RL-tuned or distilled descendant, an SFT control, or other. */
    role: z.enum(MODEL_ROLES).optional(),
  })
  .strict()
  .refine((m) => (m.endpoint === undefined) !== (m.checkpoint === undefined), { message: 'give exactly one of "endpoint" or "checkpoint"' });
export type StudyModel = z.infer<typeof modelSchema>;

const benchmarkSchema = z.union([
  z.string(),
  z
    .object({
      name,
      /** A built-in benchmark this entry configures (defaults to `name`). */
      builtin: z.string().optional(),
      /** A user benchmark spec file (YAML/JSON: source, fields, template, verifier). */
      spec: z.string().optional(),
      /** Override the data file of a built-in benchmark. */
      file: z.string().optional(),
      n: z.number().int().positive().optional(),
      template: z.string().optional(),
      limit: z.number().int().positive().optional(),
    })
    .strict(),
]);

const scoringSchema = z
  .object({
    scorer: name,
    responses_of: z.array(name).min(1),
    benchmarks: z.array(z.string()).optional(),
  })
  .strict();

const analysesSchema = z
  .object({
    /** Pairs to compare (base first); default: every model against the first one. */
    compare: z.array(z.tuple([name, name])).optional(),
    delta_se_k: z.number().int().positive().default(256),
    /** Sample the first model with a no-reasoning template; problems it solves that way are "guessable". */
    guessability: z
      .object({ template: z.string().default('direct'), n: z.number().int().positive().default(32) })
      .strict()
      .optional(),
    /**
     * Sample every model again at these temperatures and match each run's mean token entropy to
     * `match_to`'s main run (paper §4.5: raise the RL model's temperature until its entropy matches
     * the base's). The entropy measured is the model's own next-token entropy (at T = 1, from top-k
     * log-probs over HTTP — a lower bound — or exact for lab models), token-weighted over the
     * responses it generated at that temperature; the paper does not say how it computed its own.
     */
    temperature_sweep: z
      .object({
        temperatures: z.array(z.number().gt(0)).min(1),
        n: z.number().int().positive().optional(),
        match_to: name,
        top_logprobs: z.number().int().min(2).max(20).default(10),
      })
      .strict()
      .optional(),
    /** Checkpoints of one training run in order (e.g. GRPO steps 150/300/450): pass@1 and pass@k across them. */
    checkpoints: z
      .object({ series: z.array(name).min(2) })
      .strict()
      .optional(),
    cot_queue: z
      .object({ max_rate: z.number().gt(0).max(1).default(0.05) })
      .strict()
      .optional(),
  })
  .strict();

export const studyFileSchema = z
  .object({
    /** The study store: a SQLite file path (relative to the study file) or a postgres:// URL; default: the study file's name with `.sqlite`. */
    store: z.string().optional(),
    /** Folder with built-in benchmark data files (else RLBOUND_DATA_DIR, else the Hub). */
    data_dir: z.string().optional(),
    /** Protocol defaults; `paper` reproduces Yue et al. 2025 (see docs/protocol.md). */
    preset: z.enum(['paper', 'none']).default('none'),
    models: z.array(modelSchema).min(1),
    benchmarks: z.array(benchmarkSchema).min(1),
    sampling: samplingSchema.default({}),
    verify: z
      .object({
        math: z
          .object({ policy: z.enum(['strict', 'paper']).default('strict'), workers: z.number().int().positive().optional() })
          .strict()
          .optional(),
        code: z
          .object({
            workers: z.number().int().positive().optional(),
            timeout_s: z.number().positive().optional(),
            memory_mb: z.number().int().positive().optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({}),
    scoring: z.array(scoringSchema).default([]),
    analyses: analysesSchema.default({ delta_se_k: 256 }),
    report: z.object({ out: z.string().optional() }).strict().default({}),
  })
  .strict()
  .superRefine((s, ctx) => {
    const names = new Set<string>();
    s.models.forEach((m, i) => {
      if (names.has(m.name)) ctx.addIssue({ code: 'custom', path: ['models', i, 'name'], message: `duplicate model name "${m.name}"` });
      names.add(m.name);
    });
    const a = s.analyses;
    for (const [i, ref] of (a.checkpoints?.series ?? []).entries()) {
      if (!names.has(ref)) ctx.addIssue({ code: 'custom', path: ['analyses', 'checkpoints', 'series', i], message: `unknown model "${ref}"` });
    }
    if (a.temperature_sweep !== undefined && !names.has(a.temperature_sweep.match_to)) {
      ctx.addIssue({ code: 'custom', path: ['analyses', 'temperature_sweep', 'match_to'], message: `unknown model "${a.temperature_sweep.match_to}"` });
    }
    s.scoring.forEach((sc, i) => {
      for (const ref of [sc.scorer, ...sc.responses_of]) {
        if (!names.has(ref)) ctx.addIssue({ code: 'custom', path: ['scoring', i], message: `unknown model "${ref}" (models: ${[...names].join(', ')})` });
      }
    });
  });
/** A loaded study file: `store` is always set (defaulted from the file's name). */
export type StudyFile = z.infer<typeof studyFileSchema> & { store: string };

/** `study.yaml` → `study.sqlite`, next to it: the store a study file without `store` uses. */
export function defaultStoreName(file: string): string {
  return `${path.basename(file).replace(/\.[^.]*$/, '')}.sqlite`;
}

/** Reads and validates a study file; relative paths inside it are resolved against its folder. */
export async function loadStudyFile(file: string): Promise<{ study: StudyFile; baseDir: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read study file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { file });
  }
  const parsed = parseYamlConfig(text, studyFileSchema, file);
  return { study: { ...parsed, store: parsed.store ?? defaultStoreName(file) }, baseDir: path.dirname(path.resolve(file)) };
}
