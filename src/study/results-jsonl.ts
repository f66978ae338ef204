import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../errors.js';
import type { ProblemOutcome } from '../analyze/outcome.js';
import { parseJsonl } from '../bench/load/rows.js';

/**
 * Results produced elsewhere, one JSON object per line, in any of three forms:
 *   {"problem": "<id>", "n": 8, "c": 3}                       counts only
 *   {"problem": "<id>", "scores": [0,1,…], "answers"?: […], "texts"?: […]}   one line per problem
 *   {"problem": "<id>", "sample": 0, "correct": true, "answer"?: "…", "text"?: "…"}  one line per sample
 * The paper's evaluation output is accepted as written: `idx` for problem, `score` for scores,
 * `pred` for answers, `code` for texts.
 */
const problemId = z.union([z.string().min(1), z.number().int()]).transform(String);
const bit = z.union([z.literal(0), z.literal(1), z.boolean()]).transform((v) => (v === true || v === 1 ? 1 : 0) as 0 | 1);
const countsRow = z.object({ problem: problemId, n: z.number().int().min(1), c: z.number().int().min(0) });
const scoresRow = z.object({
  problem: problemId,
  scores: z.array(bit).min(1),
  answers: z.array(z.union([z.string(), z.number().transform(String), z.null()])).optional(),
  texts: z.array(z.string()).optional(),
});
const sampleRow = z.object({
  problem: problemId,
  sample: z.number().int().min(0),
  correct: bit,
  answer: z.union([z.string(), z.null()]).optional(),
  text: z.string().optional(),
});

/** One problem's results, with the line it (first) came from. */
export interface ParsedProblem {
  problemId: string;
  line: number;
  n: number;
  c: number;
  scores?: (0 | 1)[];
  answers?: (string | null)[];
  texts?: string[];
}

const ALIASES: [string, string][] = [
  ['idx', 'problem'],
  ['score', 'scores'],
  ['pred', 'answers'],
  ['code', 'texts'],
];

function normalize(row: Record<string, unknown>): Record<string, unknown> {
  const out = { ...row };
  for (const [from, to] of ALIASES) if (out[to] === undefined && out[from] !== undefined) out[to] = out[from];
  return out;
}

function check<T>(schema: z.ZodType<T>, row: Record<string, unknown>, file: string, line: number): T {
  const r = schema.safeParse(row);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new InputError(issue.message, { file, line, field: issue.path.length ? issue.path.join('.') : undefined });
}

/** Parses results JSONL text into per-problem results, in first-appearance order. Errors name file, line and field. */
export function parseResultsJsonl(text: string, file: string): ParsedProblem[] {
  const byId = new Map<string, ParsedProblem & { bySample?: Map<number, { correct: 0 | 1; answer: string | null; text?: string }> }>();
  for (const { row: raw, line } of parseJsonl(text, file)) {
    const row = normalize(raw);
    if (row.problem === undefined) throw new InputError('missing problem id', { file, line, field: 'problem' });
    if ('sample' in row) {
      const s = check(sampleRow, row, file, line);
      let p = byId.get(s.problem);
      if (p && !p.bySample)
        throw new InputError(`problem ${JSON.stringify(s.problem)} already has a whole-problem row on line ${p.line}`, { file, line, field: 'problem' });
      if (!p) byId.set(s.problem, (p = { problemId: s.problem, line, n: 0, c: 0, bySample: new Map() }));
      if (p.bySample!.has(s.sample))
        throw new InputError(`duplicate sample ${s.sample} of problem ${JSON.stringify(s.problem)}`, { file, line, field: 'sample' });
      p.bySample!.set(s.sample, { correct: s.correct, answer: s.answer ?? null, text: s.text });
      continue;
    }
    const parsed: ParsedProblem =
      'scores' in row ? fromScores(check(scoresRow, row, file, line), file, line) : fromCounts(check(countsRow, row, file, line), file, line);
    const prev = byId.get(parsed.problemId);
    if (prev) throw new InputError(`duplicate problem ${JSON.stringify(parsed.problemId)} (first on line ${prev.line})`, { file, line, field: 'problem' });
    byId.set(parsed.problemId, parsed);
  }
  if (byId.size === 0) throw new InputError('no result rows', { file });
  return [...byId.values()].map((p) => (p.bySample ? fromSamples(p.problemId, p.line, p.bySample, file) : p));
}

function fromCounts(r: z.infer<typeof countsRow>, file: string, line: number): ParsedProblem {
  if (r.c > r.n) throw new InputError(`c=${r.c} exceeds n=${r.n}`, { file, line, field: 'c' });
  return { problemId: r.problem, line, n: r.n, c: r.c };
}

function fromScores(r: z.infer<typeof scoresRow>, file: string, line: number): ParsedProblem {
  const n = r.scores.length;
  if (r.answers && r.answers.length !== n) throw new InputError(`has ${r.answers.length} entries but scores has ${n}`, { file, line, field: 'answers' });
  if (r.texts && r.texts.length !== n) throw new InputError(`has ${r.texts.length} entries but scores has ${n}`, { file, line, field: 'texts' });
  return { problemId: r.problem, line, n, c: r.scores.reduce<number>((a, v) => a + v, 0), scores: r.scores, answers: r.answers, texts: r.texts };
}

function fromSamples(
  problemId: string,
  line: number,
  bySample: Map<number, { correct: 0 | 1; answer: string | null; text?: string }>,
  file: string,
): ParsedProblem {
  const n = bySample.size;
  for (let i = 0; i < n; i++)
    if (!bySample.has(i))
      throw new InputError(`problem ${JSON.stringify(problemId)} has samples 0..${Math.max(...bySample.keys())} with sample ${i} missing`, {
        file,
        line,
        field: 'sample',
      });
  const ordered = Array.from({ length: n }, (_, i) => bySample.get(i)!);
  const texts = ordered.every((s) => s.text !== undefined) ? ordered.map((s) => s.text!) : undefined;
  const scores = ordered.map((s) => s.correct);
  return { problemId, line, n, c: scores.reduce<number>((a, v) => a + v, 0), scores, answers: ordered.map((s) => s.answer), texts };
}

/** The analysis view of parsed results. */
export function toOutcomes(parsed: readonly ParsedProblem[]): ProblemOutcome[] {
  return parsed.map((p) => {
    const o: ProblemOutcome = { problemId: p.problemId, n: p.n, c: p.c };
    if (p.scores) o.scores = p.scores;
    if (p.answers) o.answers = p.answers;
    return o;
  });
}

/** Reads and parses a results JSONL file; errors name the file (and line, field). */
export async function readResultsFile(file: string): Promise<ParsedProblem[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { file }, { cause: err });
  }
  return parseResultsJsonl(text, file);
}

/** Reads a results JSONL file into per-problem outcomes. */
export async function readOutcomesFile(file: string): Promise<ProblemOutcome[]> {
  return toOutcomes(await readResultsFile(file));
}
