import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { FormatReader, ImportPart, ImportedProblem, ImportedSample } from './imported.js';
import { fileHead } from './file-head.js';
import { jsonlRecords } from './jsonl-lines.js';
import { checkRow } from './row-check.js';

/**
 * EvalPlus (evalplus/evalplus, evalplus/evaluate.py and evalplus/data/utils.py `load_solutions`,
 * v0.3): `samples.jsonl` rows `{task_id, solution}` (or `completion`, appended to the task's
 * prompt), a repeated task id being another sample of it, and next to it the evaluation
 * `<name>_eval_results.json` (older) or `<name>.eval_results.json` / `eval_results.json`:
 * `eval[task_id]` is the list of that task's samples in order, each with `base_status` and
 * `plus_status` ("pass", "fail", "timeout"; plus is null with --base-only). A sample is correct
 * when both pass, or base passes and plus was not run.
 */
const SampleRow = z.object({ task_id: z.string().min(1), solution: z.string().optional(), completion: z.string().optional() });
const Status = z.union([z.enum(['pass', 'fail', 'timeout']), z.null()]);
const Results = z.object({
  eval: z.record(z.string(), z.array(z.object({ base_status: Status, plus_status: Status.optional() }))),
});

function resultsFileOf(samples: string): string | null {
  const candidates = [
    samples.replace(/\.jsonl$/, '_eval_results.json'),
    samples.replace(/\.jsonl$/, '.eval_results.json'),
    path.join(path.dirname(samples), 'eval_results.json'),
  ];
  return candidates.find((f) => existsSync(f)) ?? null;
}

async function* problemsOf(file: string): AsyncIterable<ImportedProblem> {
  // Samples of a task need not be adjacent, so the file is grouped whole (EvalPlus files are small).
  const tasks = new Map<string, { line: number; samples: ImportedSample[] }>();
  for await (const { value, line } of jsonlRecords(file)) {
    const r = checkRow(SampleRow, value, file, line);
    const text = r.solution ?? r.completion;
    if (text === undefined) throw new InputError('needs "solution" or "completion"', { file, line, field: 'solution' });
    let t = tasks.get(r.task_id);
    if (!t) tasks.set(r.task_id, (t = { line, samples: [] }));
    t.samples.push({ text });
  }
  const resultsFile = resultsFileOf(file);
  if (resultsFile !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(resultsFile, 'utf8'));
    } catch (err) {
      throw new InputError(`invalid JSON (${(err as Error).message})`, { file: resultsFile }, { cause: err });
    }
    const results = checkRow(Results, parsed, resultsFile, 1);
    for (const [taskId, list] of Object.entries(results.eval)) {
      const t = tasks.get(taskId);
      if (!t)
        throw new InputError(`task ${JSON.stringify(taskId)} has results but no samples in ${path.basename(file)}`, {
          file: resultsFile,
          field: `eval.${taskId}`,
        });
      if (list.length !== t.samples.length)
        throw new InputError(`${list.length} results for ${t.samples.length} samples`, { file: resultsFile, field: `eval.${taskId}` });
      list.forEach((res, i) => {
        const correct = res.base_status === 'pass' && (res.plus_status === undefined || res.plus_status === null || res.plus_status === 'pass');
        t.samples[i]!.verdict = { correct, extracted: null };
      });
    }
  }
  for (const [key, t] of tasks) yield { file, line: t.line, key, keyIsIndex: false, question: null, gold: null, samples: t.samples, counts: null };
}

function datasetOf(head: string): string | null {
  if (head.includes('"HumanEval/')) return 'humanevalplus';
  if (head.includes('"Mbpp/')) return 'mbppplus';
  return null;
}

export const evalplusReader: FormatReader = {
  name: 'evalplus',
  describes: 'EvalPlus samples.jsonl (task_id, solution) with its *_eval_results.json / *.eval_results.json (base_status, plus_status)',
  detect: (i) => !i.isDirectory && /"task_id"\s*:/.test(i.head) && /"(solution|completion)"\s*:/.test(i.head),
  async parts(file) {
    const head = await fileHead(file);
    const results = resultsFileOf(file);
    const part: ImportPart = {
      format: 'evalplus',
      file,
      sources: results === null ? [file] : [file, results],
      partId: '',
      model: null,
      dataset: datasetOf(head),
      step: null,
      seed: null,
      settings: {},
      poolsBySeed: false,
      problems: () => problemsOf(file),
    };
    return [part];
  },
};
