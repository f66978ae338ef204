/**
 * Whether a question asks for its answers in order. "Determine the values of b and c" or
 * "compute d(6), d(16) and d(72)" name several quantities, so "3, 5" answers them position by
 * position; "find all solutions" asks for a set, so any order is right. Without a question (or
 * when it says neither) the comparison keeps its default: a bare list is a set of solutions.
 */
export type AnswerOrder = 'ordered' | 'unordered';

/** "Find all", "all possible values", "all real solutions", "all the roots": a set of answers. */
const ASKS_FOR_ALL =
  /\b(?:find|determine|compute|list|enter|give|what are)\s+all\b|\ball\s+(?:the\s+)?(?:possible\s+|real\s+|integer\s+|positive\s+|complex\s+|distinct\s+)*(?:solutions?|roots?|values?|zeros?|numbers|integers|pairs|triples|x|n|k)\b|\bsolve\b|\bsolutions?\b/i;

/** "ordered pair", "respectively", "in that order", "in order". */
const SAYS_ORDER = /\bordered\s+(?:pair|triple|tuple|list)s?\b|\brespectively\b|\bin\s+(?:that|this|increasing|decreasing|the given)?\s*order\b/i;

/** A math span: $…$ or \(…\). */
const SPAN = String.raw`(?:\$[^$]{1,40}\$|\\\([^)]{1,40}\\\))`;
/** "the values of $b$ and $c$", "$a$, $b$, and $c$": several named quantities asked for together. */
const NAMES_SEVERAL = new RegExp(
  String.raw`\b(?:values?\s+of|find|compute|determine|evaluate|calculate|what\s+(?:is|are))\s+(?:the\s+)?${SPAN}(?:\s*,\s*${SPAN})*\s*,?\s+and\s+${SPAN}`,
  'i',
);

export function answerOrder(question: string | undefined): AnswerOrder | null {
  if (question === undefined || question.trim() === '') return null;
  if (SAYS_ORDER.test(question)) return 'ordered';
  if (ASKS_FOR_ALL.test(question)) return 'unordered';
  if (NAMES_SEVERAL.test(question)) return 'ordered';
  return null;
}
