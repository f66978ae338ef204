import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { JsonValue } from '../json.js';
import type { FormatReader, ImportPart, ImportedProblem, ImportedSample } from './imported.js';
import { jsonlRecords } from './jsonl-lines.js';
import { checkRow } from './row-check.js';

/**
 * verl's validation dumps (`trainer.validation_data_dir`; volcengine/verl
 * verl/trainer/ppo/ray_trainer.py, `_dump_generations`): `<step>.jsonl`, one row per response
 * with `input` (the prompt), `output`, `score`, `step`, newer versions `gts`, plus whatever the
 * reward function returned per sample (e.g. `acc`, `pred`). The n responses of a prompt are
 * adjacent rows with the same `input` and no id. A folder of dumps is one model's checkpoints.
 */
const STEP_FILE = /^(\d+)\.jsonl$/;

const Row = z.object({
  input: z.string(),
  output: z.string(),
  score: z.union([z.number(), z.boolean().transform(Number)]),
  step: z.number().int().min(0).optional(),
  gts: z.unknown().optional(),
  acc: z.union([z.number(), z.boolean().transform(Number)]).optional(),
  pred: z.union([z.string(), z.number().transform(String), z.null()]).optional(),
});

/** A prompt's id in the dump: verl writes none, so the prompt text itself (hashed) is the id. */
export const verlPromptKey = (input: string): string => `prompt-${createHash('sha256').update(input).digest('hex').slice(0, 16)}`;

function partOf(file: string): ImportPart {
  const step = Number(STEP_FILE.exec(path.basename(file))![1]);
  // The dumps of one run share a folder; its name stands for the validation set.
  return {
    format: 'verl',
    file,
    partId: '',
    model: null,
    dataset: path.basename(path.dirname(path.resolve(file))),
    step,
    seed: null,
    settings: { step },
    poolsBySeed: false,
    problems: () => problemsOf(file, step),
  };
}

async function* problemsOf(file: string, step: number): AsyncIterable<ImportedProblem> {
  let current: { input: string; line: number; gold: JsonValue | null; samples: ImportedSample[] } | null = null;
  const seen = new Set<string>();
  const finish = (c: NonNullable<typeof current>): ImportedProblem => {
    if (seen.has(c.input))
      throw new InputError(
        'the responses of this prompt are not adjacent (the same input appeared earlier); verl writes the n responses of a prompt together',
        { file, line: c.line, field: 'input' },
      );
    seen.add(c.input);
    return { file, line: c.line, key: verlPromptKey(c.input), keyIsIndex: false, question: c.input, gold: c.gold, samples: c.samples, counts: null };
  };
  for await (const { value, line } of jsonlRecords(file)) {
    const r = checkRow(Row, value, file, line);
    if (r.step !== undefined && r.step !== step) throw new InputError(`step ${r.step} in a file named for step ${step}`, { file, line, field: 'step' });
    if (current !== null && current.input !== r.input) {
      yield finish(current);
      current = null;
    }
    current ??= { input: r.input, line, gold: (r.gts ?? null) as JsonValue | null, samples: [] };
    // `acc` is the reward function's own correctness when it reports one; otherwise a positive
    // score (1 for right, 0 or -1 for wrong in verl's rule-based math rewards) counts as correct.
    current.samples.push({ text: r.output, verdict: { correct: (r.acc ?? r.score) > 0, extracted: r.pred ?? null } });
  }
  if (current !== null) yield finish(current);
}

export const verlReader: FormatReader = {
  name: 'verl',
  describes: "verl validation dumps <step>.jsonl (input, output, score, gts); a folder of them is one model's checkpoint series",
  detect: (i) =>
    i.isDirectory
      ? i.listing.length > 0 &&
        i.listing.some((f) => STEP_FILE.test(f)) &&
        i.listing.filter((f) => f.endsWith('.jsonl')).every((f) => STEP_FILE.test(path.basename(f)))
      : STEP_FILE.test(path.basename(i.path)) && /"input"\s*:/.test(i.head) && /"output"\s*:/.test(i.head),
  async parts(p) {
    const files = STEP_FILE.test(path.basename(p)) ? [p] : (await readdir(p)).filter((f) => STEP_FILE.test(f)).map((f) => path.join(p, f));
    if (files.length === 0) throw new InputError('no verl dumps (<step>.jsonl) here', { file: p });
    return files.map(partOf).sort((a, b) => a.step! - b.step!);
  },
};
