import type { Node } from '../ast.js';
import { Cursor, ParseError } from './cursor.js';
import { list } from './relations.js';
import { tokenize } from './tokenize.js';

/**
 * Entry point of our recursive-descent LaTeX answer parser. The grammar is spread over this
 * folder by concern, loosest binding first:
 *   relations.ts    lists, relation chains, set operations
 *   arithmetic.ts   sums and ±, signs, products (explicit, implicit, mixed numbers), postfix ^ ! %
 *   primary.ts      numbers, letters, words, brackets, and one-token script arguments
 *   delimiters.ts   tuples and intervals, sets, absolute values, floor and ceiling
 *   functions.ts    \sin … \log with powers and bases, f(2)-style function values
 *   commands.ts     \frac, \binom, \sqrt, constants, Greek letters, accents, ignored commands
 *   environments.ts pmatrix, bmatrix, array
 *   leaves.ts       number literals and decorated names (x_1, y')
 *   cursor.ts       the token position, nesting guard and ParseError
 * The files call each other recursively (a bracket holds a list again); none runs code at load.
 */

export { ParseError } from './cursor.js';
export { numberNode } from './leaves.js';

const MAX_TOKENS = 20_000;

/** Parses one normalized answer into a tree; throws ParseError for anything outside the grammar. */
export function parseLatex(src: string): Node {
  if (src.length > MAX_TOKENS * 4) throw new ParseError('answer too long');
  const toks = tokenize(src);
  if (toks.length === 0) throw new ParseError('empty');
  if (toks.length > MAX_TOKENS) throw new ParseError('answer too long');
  const c = new Cursor(toks);
  const node = list(c);
  if (!c.atEnd()) throw new ParseError('trailing input');
  return node;
}

/** parseLatex, or null for input outside the grammar (the comparison then falls back to strings). */
export function tryParseLatex(src: string): Node | null {
  try {
    return parseLatex(src);
  } catch {
    return null;
  }
}
