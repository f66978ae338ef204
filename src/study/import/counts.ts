import { z } from 'zod';
import { InputError } from '../../errors.js';
import { plainJsonlPart, type FormatReader, type ImportedProblem } from './imported.js';
import { jsonlRecords } from './jsonl-lines.js';
import { checkRow } from './row-check.js';

/**
 * Per-problem counts, one JSONL row `{"problem": id, "n": samples, "c": correct}` (optionally
 * `question` and `gold`): what the paper's pass@k tables and many appendices give. They are
 * stored as counts — no texts, no sample order — and every counts-based analysis runs on them.
 */
const Row = z.object({
  problem: z.union([z.string().min(1), z.number().int().transform(String)]),
  n: z.number().int().min(1),
  c: z.number().int().min(0),
  question: z.string().optional(),
  gold: z.union([z.string(), z.number().transform(String)]).optional(),
});

async function* problemsOf(file: string): AsyncIterable<ImportedProblem> {
  const seen = new Map<string, number>();
  for await (const { value, line } of jsonlRecords(file)) {
    const r = checkRow(Row, value, file, line);
    if (r.c > r.n) throw new InputError(`c=${r.c} exceeds n=${r.n}`, { file, line, field: 'c' });
    const first = seen.get(r.problem);
    if (first !== undefined) throw new InputError(`duplicate problem ${JSON.stringify(r.problem)} (first on line ${first})`, { file, line, field: 'problem' });
    seen.set(r.problem, line);
    yield { file, line, key: r.problem, keyIsIndex: false, question: r.question ?? null, gold: r.gold ?? null, samples: null, counts: { n: r.n, c: r.c } };
  }
}

export const countsReader: FormatReader = {
  name: 'counts',
  describes: 'per-problem counts {"problem","n","c"} (a paper\'s table): stored without texts or sample order',
  detect: (i) => !i.isDirectory && /"n"\s*:/.test(i.head) && /"c"\s*:/.test(i.head) && !/"(scores?|sample|text|code)"\s*:/.test(i.head),
  async parts(file) {
    return [plainJsonlPart('counts', file, () => problemsOf(file))];
  },
};
