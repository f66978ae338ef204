import { z } from 'zod';
import { MathBenchmark } from './gold.js';
import type { MathGradingPool } from './pool.js';
import { MathPolicy, type GradeRequest } from './types.js';

/** One input row of `rlbound grade-math`. */
const InputRow = z
  .object({
    id: z.union([z.string(), z.number()]),
    gold: z.string(),
    response: z.string().optional(),
    pred: z.string().optional(),
    benchmark: MathBenchmark.optional(),
    /** The problem text (optional): under strict it decides whether a list answer is ordered. */
    question: z.string().optional(),
  })
  .refine((r) => (r.response === undefined) !== (r.pred === undefined), { message: 'give exactly one of "response" or "pred"' });

export type OutputRow =
  | { id: string | number; correct: boolean; extracted: string | null; reason: string; policy: string; version: string }
  | { id: string | number | null; error: string };

export interface JsonlOptions {
  policy: MathPolicy;
  benchmark?: MathBenchmark;
  cache?: boolean;
}

function describe(err: z.ZodError): string {
  return err.issues.map((i) => (i.path.length > 0 ? `field "${i.path.join('.')}": ${i.message}` : i.message)).join('; ');
}

/**
 * Grades a JSONL document: one output row per non-blank input line, in input order. A line that
 * is not valid JSON or misses fields becomes `{id, error}` (naming the line and field) and the
 * others still run.
 */
export async function gradeJsonl(text: string, pool: MathGradingPool, options: JsonlOptions): Promise<OutputRow[]> {
  const lines = text.split('\n');
  const slots: (OutputRow | { id: string | number; request: GradeRequest })[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      slots.push({ id: null, error: `line ${i + 1}: not valid JSON (${err instanceof Error ? err.message : String(err)})` });
      return;
    }
    const id = typeof raw === 'object' && raw !== null && 'id' in raw && (typeof raw.id === 'string' || typeof raw.id === 'number') ? raw.id : null;
    const r = InputRow.safeParse(raw);
    if (!r.success) {
      slots.push({ id, error: `line ${i + 1}: ${describe(r.error)}` });
      return;
    }
    const { id: rowId, gold, response, pred, benchmark, question } = r.data;
    slots.push({ id: rowId, request: { gold, response, pred, question, policy: options.policy, benchmark: benchmark ?? options.benchmark } });
  });
  const todo = slots.flatMap((s) => ('request' in s ? [s.request] : []));
  const verdicts = await pool.gradeBatch(todo, { cache: options.cache ?? true });
  let k = 0;
  return slots.map((s) => {
    if (!('request' in s)) return s;
    const v = verdicts[k++];
    return { id: s.id, correct: v.correct, extracted: v.extracted, reason: v.reason, policy: v.policy, version: v.version };
  });
}
