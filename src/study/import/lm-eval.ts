import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { JsonObject, JsonValue } from '../json.js';
import type { FormatReader, ImportPart, ImportedProblem } from './imported.js';
import { jsonlRecords } from './jsonl-lines.js';
import { matchingFiles } from './matching-files.js';
import { checkRow } from './row-check.js';

/**
 * lm-evaluation-harness `--log_samples` output (EleutherAI/lm-evaluation-harness 0.4.x:
 * lm_eval/evaluator.py builds the logged sample, lm_eval/loggers/evaluation_tracker.py
 * `save_results_samples` writes `<output>/<model>/samples_<task>_<date>.jsonl`): per line
 * `doc_id`, `doc`, `target`, `arguments.gen_args_0.arg_0` (the prompt) and `.arg_1` (generation
 * kwargs), `resps[0]` (the request's responses: n of them with `repeats: n`), `filtered_resps`,
 * `filter`, and one key per metric. There is one line per (doc, filter), all docs of the first
 * filter before the next filter's, so a doc is imported once and its other lines are checked to
 * carry the same responses. The harness scores only the filtered (by default the first)
 * response, so per-sample correctness comes from re-grading every response.
 */
const SAMPLES_FILE = /^samples_(?<task>.+)_(?<date>\d{4}-\d{2}-\d{2}T[\d\-.:]+)\.jsonl$/;

const GenArgs = z.object({ arg_0: z.unknown(), arg_1: z.record(z.string(), z.unknown()).optional() }).loose();
const Row = z.object({
  doc_id: z.number().int().min(0),
  doc: z.record(z.string(), z.unknown()),
  target: z.unknown(),
  arguments: z.union([z.record(z.string(), GenArgs), z.array(z.array(z.unknown()))]),
  resps: z.array(z.array(z.union([z.string(), z.array(z.unknown())]))).min(1),
  filter: z.string().optional(),
});

/** The prompt and generation kwargs of the first request, in either logged form. */
function firstRequest(args: z.infer<typeof Row>['arguments']): { prompt: unknown; kwargs: Record<string, unknown> } {
  if (Array.isArray(args)) return { prompt: args[0]?.[0], kwargs: (args[0]?.[1] ?? {}) as Record<string, unknown> };
  const first = args.gen_args_0 ?? Object.values(args)[0];
  return { prompt: first?.arg_0, kwargs: first?.arg_1 ?? {} };
}

/** Sampling settings in rlbound's names, from lm-eval's generation kwargs. */
function settingsOf(kwargs: Record<string, unknown>, n: number): JsonObject {
  const out: JsonObject = { n };
  const num = (k: string): number | undefined => (typeof kwargs[k] === 'number' ? (kwargs[k] as number) : undefined);
  if (num('temperature') !== undefined) out.temperature = num('temperature')!;
  if (num('top_p') !== undefined) out.top_p = num('top_p')!;
  const max = num('max_gen_toks') ?? num('max_new_tokens') ?? num('max_tokens');
  if (max !== undefined) out.max_tokens = max;
  if (typeof kwargs.do_sample === 'boolean') out.do_sample = kwargs.do_sample;
  return out;
}

const QUESTION_FIELDS = ['problem', 'question', 'Problem', 'Question', 'query'];

function questionOf(doc: Record<string, unknown>, prompt: unknown): string | null {
  for (const f of QUESTION_FIELDS) if (typeof doc[f] === 'string') return doc[f] as string;
  return typeof prompt === 'string' ? prompt : null;
}

function textsOf(resps: z.infer<typeof Row>['resps'], file: string, line: number): string[] {
  const first = resps[0]!;
  return first.map((r, i) => {
    // Some model backends log each response wrapped in a one-element list.
    const v = Array.isArray(r) ? r[0] : r;
    if (typeof v !== 'string') throw new InputError('expected a generated text', { file, line, field: `resps.0.${i}` });
    return v;
  });
}

async function* problemsOf(file: string): AsyncIterable<ImportedProblem> {
  const digestOf = new Map<number, { digest: string; line: number; filter: string }>();
  const filters = new Set<string>();
  for await (const { value, line } of jsonlRecords(file)) {
    const r = checkRow(Row, value, file, line);
    const filter = r.filter ?? 'none';
    const texts = textsOf(r.resps, file, line);
    const digest = createHash('sha256').update(JSON.stringify(texts)).digest('hex');
    const earlier = digestOf.get(r.doc_id);
    if (earlier !== undefined) {
      if (earlier.filter === filter)
        throw new InputError(`doc ${r.doc_id} appears twice for filter ${JSON.stringify(filter)} (first on line ${earlier.line})`, {
          file,
          line,
          field: 'doc_id',
        });
      if (earlier.digest !== digest)
        throw new InputError(
          `doc ${r.doc_id} has other responses than on line ${earlier.line} (filter ${JSON.stringify(earlier.filter)}); one file holds one run`,
          { file, line, field: 'resps' },
        );
      filters.add(filter);
      continue;
    }
    digestOf.set(r.doc_id, { digest, line, filter });
    filters.add(filter);
    const { prompt } = firstRequest(r.arguments);
    yield {
      file,
      line,
      key: String(r.doc_id),
      keyIsIndex: true,
      question: questionOf(r.doc, prompt),
      gold: r.target === undefined || r.target === null ? null : typeof r.target === 'string' ? r.target : (JSON.parse(JSON.stringify(r.target)) as JsonValue),
      samples: texts.map((text) => ({ text })),
      counts: null,
    };
  }
}

async function partOf(file: string): Promise<ImportPart> {
  const m = SAMPLES_FILE.exec(path.basename(file));
  let settings: JsonObject = {};
  for await (const { value, line } of jsonlRecords(file)) {
    const r = checkRow(Row, value, file, line);
    settings = settingsOf(firstRequest(r.arguments).kwargs, textsOf(r.resps, file, line).length);
    break;
  }
  const modelDir = path.basename(path.dirname(file));
  return {
    format: 'lm-eval',
    file,
    partId: '',
    // The harness names the folder after the model with "/" written as "__".
    model: modelDir.includes('__') ? modelDir.replace('__', '/') : null,
    dataset: m?.groups?.task ?? null,
    step: null,
    seed: null,
    settings,
    poolsBySeed: false,
    problems: () => problemsOf(file),
  };
}

export const lmEvalReader: FormatReader = {
  name: 'lm-eval',
  describes: 'lm-evaluation-harness --log_samples: samples_<task>_<date>.jsonl (doc_id, doc, arguments, resps, filtered_resps, filter)',
  detect: (i) =>
    i.isDirectory
      ? i.listing.some((f) => SAMPLES_FILE.test(path.basename(f)))
      : SAMPLES_FILE.test(path.basename(i.path)) || (/"doc_id"\s*:/.test(i.head) && /"resps"\s*:/.test(i.head)),
  async parts(p) {
    if ((await stat(p)).isDirectory()) {
      return Promise.all((await matchingFiles(p, SAMPLES_FILE, 'lm-eval samples_<task>_<date>.jsonl files')).map(partOf));
    }
    return [await partOf(p)];
  },
};
