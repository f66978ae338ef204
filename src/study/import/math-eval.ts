import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { FormatReader, ImportPart, ImportedProblem } from './imported.js';
import { jsonlRecords } from './jsonl-lines.js';
import { matchingFiles } from './matching-files.js';
import { checkRow } from './row-check.js';

/**
 * The paper's own evaluation output (Qwen2.5-Math `evaluation/math_eval.py`, also used by
 * SimpleRL-Zoo and limit-of-RLVR): `<out>/<dataset>/<split>_<prompt>_<num>_seed<S>_t<T>_s<start>_e<end>.jsonl`,
 * one row per problem with `idx`, `question`, `gt`, and per response `code` (the text), `pred`
 * (the extracted answer), `score` (the harness's verdict) and, in limit-of-RLVR's copy,
 * `finish_reason`. The seed and temperature live only in the file name.
 */
export const MATH_EVAL_NAME = /^(?<split>[^_]+)_(?<prompt>.+)_(?<num>-?\d+)_seed(?<seed>\d+)_t(?<t>\d+(?:\.\d+)?)_s(?<start>\d+)_e(?<end>-?\d+)\.jsonl$/;

const answer = z.union([z.string(), z.number().transform(String), z.null()]);
const Row = z.object({
  idx: z.number().int().min(0),
  question: z.string(),
  gt: z.union([z.string(), z.number().transform(String), z.null()]),
  code: z.array(z.string()).min(1),
  pred: z.array(z.union([answer, z.array(z.unknown()).transform((v) => JSON.stringify(v))])).optional(),
  score: z.array(z.boolean()).optional(),
  finish_reason: z.array(z.union([z.string(), z.null()])).optional(),
});

function partOf(file: string): ImportPart {
  const m = MATH_EVAL_NAME.exec(path.basename(file))!.groups!;
  const seed = Number(m.seed);
  return {
    format: 'math-eval',
    file,
    partId: '',
    model: null,
    dataset: path.basename(path.dirname(file)),
    step: null,
    seed,
    settings: { temperature: Number(m.t), seed, prompt_type: m.prompt!, split: m.split! },
    poolsBySeed: true,
    problems: () => problemsOf(file),
  };
}

async function* problemsOf(file: string): AsyncIterable<ImportedProblem> {
  for await (const { value, line } of jsonlRecords(file)) {
    const r = checkRow(Row, value, file, line);
    const n = r.code.length;
    for (const field of ['pred', 'score', 'finish_reason'] as const) {
      const list = r[field];
      if (list !== undefined && list.length !== n) throw new InputError(`has ${list.length} entries but code has ${n}`, { file, line, field });
    }
    yield {
      file,
      line,
      key: String(r.idx),
      keyIsIndex: true,
      question: r.question,
      gold: r.gt,
      counts: null,
      samples: r.code.map((text, i) => ({
        text,
        ...(r.score !== undefined ? { verdict: { correct: r.score[i]!, extracted: r.pred?.[i] ?? null } } : {}),
        finishReason: r.finish_reason?.[i] ?? null,
      })),
    };
  }
}

export const mathEvalReader: FormatReader = {
  name: 'math-eval',
  describes: 'Qwen2.5-Math / SimpleRL-Zoo / limit-of-RLVR math_eval output: <dataset>/test_<prompt>_-1_seed<S>_t<T>_s0_e-1.jsonl (seed files pool)',
  detect: (i) => (i.isDirectory ? i.listing.some((f) => MATH_EVAL_NAME.test(path.basename(f))) : MATH_EVAL_NAME.test(path.basename(i.path))),
  async parts(p) {
    const files = MATH_EVAL_NAME.test(path.basename(p))
      ? [p]
      : await matchingFiles(p, MATH_EVAL_NAME, 'math_eval files (<split>_<prompt>_<num>_seed<S>_t<T>_s<start>_e<end>.jsonl)');
    // Seeds in ascending order: the pooled sample order does not depend on the listing order.
    return files.map(partOf).sort((a, b) => (a.dataset ?? '').localeCompare(b.dataset ?? '') || a.seed! - b.seed! || a.file.localeCompare(b.file));
  },
};
