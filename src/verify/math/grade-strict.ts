import { Comparator, type Decision } from './compare.js';
import type { MathBenchmark } from './gold.js';
import { tryParseLatex } from './latex/parse.js';
import { normalizeAnswer } from './normalize.js';
import type { AnswerOrder } from './question.js';

/** Answers longer than this are not parsed (a 1 MiB "answer" is not an answer). */
const MAX_ANSWER_CHARS = 4000;

const CHOICE = /^\(?([A-E])\)?$/;

function choiceLetter(s: string): string | null {
  const m = /^\(([A-Ea-e])\)(?:\s|$)|^([A-E])(?:[\s.:),]|$)/.exec(s.trim());
  return m ? (m[1] ?? m[2]).toUpperCase() : null;
}

/** A plain-words answer ("an ellipse", "Evelyn") without articles, lower-cased; null for anything else. */
function plainWords(s: string): string | null {
  if (!/^[A-Za-z][A-Za-z\s'-]*$/.test(s) || !/[A-Za-z]{4}/.test(s)) return null;
  return s
    .toLowerCase()
    .replace(/^(?:an?|the)\s+/, '')
    .replace(/[\s'-]+/g, '');
}

const squash = (s: string): string => s.replace(/\s+/g, '').replace(/[{}]/g, '').toLowerCase();

/** The `strict` policy: mathematically exact comparison of an extracted answer with the gold. */
export function compareStrict(pred: string, gold: string, benchmark?: MathBenchmark, order: AnswerOrder | null = null): Decision {
  const d = compareOnce(pred, gold, benchmark, order);
  if (d.equal) return d;
  // "(B) 27" against a gold value: the value after the choice label is the answer.
  const labelled = /^\s*(?:\\text(?:bf)?\s*\{\s*)?\(([A-E])\)\s*\}?\s*(?:\\[,;:! ]|~|\s)*(.+)$/s.exec(pred);
  if (labelled && !CHOICE.test(normalizeAnswer(gold).s)) {
    const rest = compareOnce(labelled[2], gold, benchmark, order);
    if (rest.equal) return { equal: true, layer: `${rest.layer} (after choice label)` };
  }
  return d;
}

/** Size of the gold when it is a list or a braced set of answers ("2, 3", "\{2, 3\}"), else 1. */
export function goldListSize(gold: string): number {
  const g = tryParseLatex(normalizeAnswer(gold).s);
  return g && g.t === 'set' ? g.xs.length : 1;
}

function compareOnce(pred: string, gold: string, benchmark: MathBenchmark | undefined, order: AnswerOrder | null): Decision {
  if (pred.length > MAX_ANSWER_CHARS || gold.length > MAX_ANSWER_CHARS) return { equal: false, layer: 'answer too long' };
  const np = normalizeAnswer(pred).s;
  const ng = normalizeAnswer(gold).s;
  if (np !== '' && np.replace(/\s+/g, '') === ng.replace(/\s+/g, '')) return { equal: true, layer: 'string' };
  if (np === '') return { equal: false, layer: 'empty answer' };
  const gc = CHOICE.exec(ng);
  if (gc) {
    const pc = choiceLetter(np);
    if (pc !== null) return { equal: pc === gc[1], layer: 'multiple choice' };
  }
  const wg = plainWords(ng);
  const wp = plainWords(np);
  if (wg !== null && wp !== null) return { equal: wg === wp, layer: 'text' };
  const g = tryParseLatex(ng);
  const p = tryParseLatex(np);
  if (!g || !p) {
    const same = squash(np) === squash(ng);
    return { equal: same, layer: same ? 'string' : !g ? 'gold not parseable; strings differ' : 'answer not parseable' };
  }
  const cmp = new Comparator(
    { roundedGoldTolerance: benchmark === 'minerva_math' ? 'always' : 'non-terminating', relTol: null },
    `${np}\u0000${ng}`,
    order === 'ordered',
  );
  return cmp.equal(p, g);
}
