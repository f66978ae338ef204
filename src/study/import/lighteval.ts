import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { JsonValue } from '../json.js';
import type { FormatReader, ImportPart, ImportedProblem } from './imported.js';
import { matchingFiles } from './matching-files.js';
import { checkRow } from './row-check.js';
import { tableRows } from './row-source.js';

/**
 * lighteval details (huggingface/lighteval, src/lighteval/logging/evaluation_tracker.py
 * `save_details` and logging/info_loggers.py `DetailsLogger`, 0.10+):
 * `details/<model>/<date>/details_<task>|<shots>_<date>.parquet`, one row per document with
 * `doc` (query, choices, gold_index, …), `model_response` (`text`: the n responses) and `metric`
 * (one aggregate per document, so per-sample correctness comes from re-grading). The same rows
 * are accepted as JSONL.
 */
const DETAILS_FILE = /^details_(?<task>.+)_(?<date>\d{4}-\d{2}-\d{2}T[\d\-.:]+)\.(parquet|jsonl)$/;

const Row = z
  .object({
    doc: z
      .object({
        query: z.string(),
        choices: z.array(z.string()).nullish(),
        gold_index: z.union([z.number().int(), z.array(z.number().int())]).nullish(),
        id: z.union([z.string(), z.number()]).nullish(),
      })
      .loose(),
    model_response: z.object({ text: z.array(z.string()).min(1) }).loose(),
  })
  .loose();

function goldOf(doc: z.infer<typeof Row>['doc']): JsonValue | null {
  const index = Array.isArray(doc.gold_index) ? doc.gold_index[0] : doc.gold_index;
  if (doc.choices && index !== undefined && index !== null) return doc.choices[index] ?? null;
  return null;
}

async function* problemsOf(file: string): AsyncIterable<ImportedProblem> {
  for await (const { value, line } of tableRows(file)) {
    const r = checkRow(Row, value, file, line);
    yield {
      file,
      line,
      key: r.doc.id !== undefined && r.doc.id !== null ? String(r.doc.id) : String(line - 1),
      keyIsIndex: r.doc.id === undefined || r.doc.id === null,
      question: r.doc.query,
      gold: goldOf(r.doc),
      samples: r.model_response.text.map((text) => ({ text })),
      counts: null,
    };
  }
}

/** "lighteval|aime24|0" → "aime24"; the task name without suite and shot count. */
function taskOf(task: string): string {
  const parts = task.split('|');
  return parts.length >= 3 ? parts[1]! : parts[0]!;
}

function partOf(file: string): ImportPart {
  const m = DETAILS_FILE.exec(path.basename(file));
  // details/<model>/<date>/<file>: the model folder is two levels up.
  const model = m ? path.basename(path.dirname(path.dirname(file))) : null;
  return {
    format: 'lighteval',
    file,
    partId: '',
    model,
    dataset: m ? taskOf(m.groups!.task!) : null,
    step: null,
    seed: null,
    settings: {},
    poolsBySeed: false,
    problems: () => problemsOf(file),
  };
}

export const lightevalReader: FormatReader = {
  name: 'lighteval',
  describes: 'lighteval details: details/<model>/<date>/details_<task>|<shots>_<date>.parquet (doc, model_response, metric), or the same rows as JSONL',
  detect: (i) =>
    i.isDirectory
      ? i.listing.some((f) => DETAILS_FILE.test(path.basename(f)))
      : DETAILS_FILE.test(path.basename(i.path)) || (/"model_response"\s*:/.test(i.head) && /"doc"\s*:/.test(i.head)),
  async parts(p) {
    if ((await stat(p)).isDirectory()) {
      return (await matchingFiles(p, DETAILS_FILE, 'lighteval details_<task>_<date>.parquet files')).map(partOf);
    }
    return [partOf(p)];
  },
};
