import type { Node } from './ast.js';
import { Comparator, type Decision } from './compare.js';
import type { MathBenchmark } from './gold.js';
import { parseLatex } from './latex/parse.js';
import { normalizeAnswer } from './normalize.js';

/** Answers longer than this are not parsed (a 1 MiB "answer" is not an answer). */
const MAX_ANSWER_CHARS = 4000;

const CHOICE = /^\(?([A-E])\)?$/;

function choiceLetter(s: string): string | null {
  const m = /^\(?([A-E])\)(?:\s|$)|^([A-E])(?:[\s.:)]|$)/.exec(s.trim());
  return m ? (m[1] ?? m[2]) : null;
}

function tryParse(s: string): Node | null {
  try {
    return parseLatex(s);
  } catch {
    return null;
  }
}

const squash = (s: string): string => s.replace(/\s+/g, '').replace(/[{}]/g, '').toLowerCase();

/** The `strict` policy: mathematically exact comparison of an extracted answer with the gold. */
export function compareStrict(pred: string, gold: string, benchmark?: MathBenchmark): Decision {
  if (pred.length > MAX_ANSWER_CHARS || gold.length > MAX_ANSWER_CHARS) return { equal: false, layer: 'answer too long' };
  const np = normalizeAnswer(pred).s;
  const ng = normalizeAnswer(gold).s;
  if (np === ng && np !== '') return { equal: true, layer: 'string' };
  if (np === '') return { equal: false, layer: 'empty answer' };
  const gc = CHOICE.exec(ng);
  if (gc) {
    const pc = choiceLetter(np);
    if (pc !== null) return { equal: pc === gc[1], layer: 'multiple choice' };
  }
  const g = tryParse(ng);
  const p = tryParse(np);
  if (!g || !p) {
    const same = squash(np) === squash(ng);
    return { equal: same, layer: same ? 'string' : !g ? 'gold not parseable; strings differ' : 'answer not parseable' };
  }
  const cmp = new Comparator(
    { roundedGoldTolerance: benchmark === 'minerva_math' ? 'always' : 'non-terminating', relTol: null },
    `${np}\u0000${ng}`,
  );
  return cmp.equal(p, g);
}
