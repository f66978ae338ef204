import { z } from 'zod';
import { lastBoxed } from './extract.js';

/** The six math benchmarks of the study (plus `math` for the full MATH test set). */
export const MathBenchmark = z.enum(['math500', 'math', 'minerva_math', 'gsm8k', 'olympiadbench', 'aime24', 'aime25', 'amc23']);
export type MathBenchmark = z.infer<typeof MathBenchmark>;

const Row = z.record(z.string(), z.unknown());

/** `27.0` → `27`; other numbers as written. */
function numberText(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') return /^-?\d+\.0+$/.test(v.trim()) ? v.trim().replace(/\.0+$/, '') : v.trim();
  throw new TypeError('answer is neither a string nor a number');
}

/**
 * Ground truth of one benchmark row, as the paper's grader reads it: MATH500/Minerva the last
 * box of `solution` (MATH500 falls back to `answer`), GSM8K the text after `####`,
 * OlympiadBench `final_answer[0]` without `$`, AIME/AMC the `answer` field.
 */
export function extractGold(benchmark: MathBenchmark, row: unknown): string {
  const r = Row.parse(row);
  switch (benchmark) {
    case 'math500':
    case 'math':
    case 'minerva_math': {
      const sol = z.string().parse(r.solution);
      const box = lastBoxed(sol);
      if (box !== null) return box;
      if (typeof r.answer === 'string') return r.answer;
      throw new TypeError('solution has no \\boxed answer');
    }
    case 'gsm8k': {
      const ans = z.string().parse(r.answer);
      const i = ans.lastIndexOf('####');
      if (i < 0) throw new TypeError('answer has no ####');
      return ans
        .slice(i + 4)
        .trim()
        .replace(/,/g, '');
    }
    case 'olympiadbench': {
      const fa = z.array(z.string()).min(1).parse(r.final_answer);
      return fa[0]
        .trim()
        .replace(/^\$+|\$+$/g, '')
        .trim();
    }
    case 'aime24':
    case 'aime25':
    case 'amc23':
      return numberText(r.answer);
  }
}
