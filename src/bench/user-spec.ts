import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { parseYamlConfig } from '../config/yaml-config.js';
import { lastBoxed } from '../verify/math/index.js';
import { livecodebench } from './specs/code.js';
import { metaOf, requireText, rowId, type BenchmarkSpec } from './spec.js';
import { TEMPLATES } from './templates.js';

/**
 * A user's own benchmark, described in a small YAML/JSON file:
 *
 *   name: my-algebra
 *   kind: math                 # math | code
 *   file: my-algebra.jsonl     # relative to this spec; or hub: {repo, config, split, revision, files}
 *   fields: { id: uid, question: problem, gold: answer }
 *   gold: field                # field | last_boxed | after_hashes
 *   template: qwen-boxed
 *
 * Code benchmarks use LiveCodeBench's row shape: fields.question, a `tests` list of
 * {input, output, testtype: stdin|functional} and an optional `starter_code`.
 */
export const userSpecSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][\w.+-]*$/),
    description: z.string().optional(),
    kind: z.enum(['math', 'code']),
    file: z.string().optional(),
    hub: z
      .object({
        repo: z.string(),
        config: z.string().optional(),
        split: z.string().optional(),
        revision: z.string().optional(),
        files: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    fields: z
      .object({
        id: z.string().optional(),
        question: z.string().default('question'),
        gold: z.string().default('answer'),
        tests: z.string().default('tests'),
        starter_code: z.string().default('starter_code'),
      })
      .strict()
      .default({ question: 'question', gold: 'answer', tests: 'tests', starter_code: 'starter_code' }),
    gold: z.enum(['field', 'last_boxed', 'after_hashes']).default('field'),
    template: z
      .string()
      .refine((t) => t in TEMPLATES, { message: `unknown template (known: ${Object.keys(TEMPLATES).join(', ')})` })
      .optional(),
  })
  .strict()
  .refine((s) => (s.file === undefined) !== (s.hub === undefined), { message: 'give exactly one of "file" or "hub"' });
export type UserSpec = z.infer<typeof userSpecSchema>;

function goldOf(spec: UserSpec, text: string, where: { file?: string; line?: number; field: string }): string {
  if (spec.gold === 'field') return text.trim();
  if (spec.gold === 'last_boxed') {
    const box = lastBoxed(text);
    if (box === null) throw new InputError('no \\boxed{} answer in the gold field', where);
    return box;
  }
  const i = text.lastIndexOf('####');
  if (i < 0) throw new InputError('no "####" in the gold field', where);
  return text
    .slice(i + 4)
    .trim()
    .replace(/,/g, '');
}

/** Builds a BenchmarkSpec from a user spec; its `file` is resolved against `baseDir`. */
export function specFromUser(spec: UserSpec, baseDir: string): BenchmarkSpec & { file?: string } {
  const f = spec.fields;
  return {
    name: spec.name,
    description: spec.description ?? `user benchmark ${spec.name}`,
    kind: spec.kind,
    verifier: spec.kind,
    defaultTemplate: spec.template ?? (spec.kind === 'math' ? 'qwen-boxed' : 'livecodebench'),
    file: spec.file === undefined ? undefined : path.resolve(baseDir, spec.file),
    hub: spec.hub,
    toProblem(row, index, where) {
      if (spec.kind === 'code') {
        const mapped = { ...row, problem: row[f.question], tests: row[f.tests], starter_code: row[f.starter_code] };
        return { ...livecodebench.toProblem(mapped, index, where), id: rowId(row, f.id ? [f.id] : [], index) };
      }
      return {
        id: rowId(row, f.id ? [f.id] : [], index),
        index,
        kind: 'math',
        question: requireText(row, [f.question], where),
        gold: goldOf(spec, requireText(row, [f.gold], where), { ...where, field: f.gold }),
        meta: metaOf(row, [f.question, f.gold]),
      };
    },
  };
}

export async function loadUserSpec(file: string): Promise<BenchmarkSpec & { file?: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read benchmark spec (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { file });
  }
  return specFromUser(parseYamlConfig(text, userSpecSchema, file), path.dirname(path.resolve(file)));
}
