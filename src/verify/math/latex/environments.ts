import type { Node } from '../ast.js';
import { ParseError, type Cursor } from './cursor.js';
import { rel } from './relations.js';

/**
 * Matrix environments:
 *   '\begin' '{' name '}' ('{' colspec '}')? cell (('&' | '\\') cell)* '\end' '{' name '}'
 * for pmatrix, bmatrix, array and their kin (the column spec of `array` is skipped). A cell is
 * read as a relation, not a list: `&` and `\\` are the separators, so a comma inside a cell is
 * an error. Rows must have equal length. Other environments (`cases`, `align`) are not understood.
 */

const ENV_MATRIX = new Set(['pmatrix', 'bmatrix', 'matrix', 'Bmatrix', 'vmatrix', 'array', 'smallmatrix']);

/** `{name}` read as raw text. */
function envName(c: Cursor): string {
  c.expectOp('{');
  let name = '';
  while (!c.isOp('}')) {
    const t = c.peek();
    if (!t) throw new ParseError('unclosed environment name');
    name += t.s;
    c.pos++;
  }
  c.pos++;
  return name;
}

/** The environment after `\begin` (already consumed). */
export function environment(c: Cursor): Node {
  const name = envName(c);
  if (!ENV_MATRIX.has(name)) throw new ParseError(`unsupported environment ${name}`);
  if (name === 'array' && c.isOp('{')) envName(c);
  const rows: Node[][] = [[]];
  for (;;) {
    if (c.isCmd('end')) {
      c.pos++;
      envName(c);
      break;
    }
    if (c.atEnd()) throw new ParseError('unclosed matrix');
    if (c.isOp('&')) {
      c.pos++;
      continue;
    }
    if (c.isOp('\\\\')) {
      c.pos++;
      rows.push([]);
      continue;
    }
    rows[rows.length - 1].push(rel(c));
    if (!(c.isOp('&') || c.isOp('\\\\') || c.isCmd('end'))) throw new ParseError('bad matrix cell');
  }
  while (rows.length > 0 && rows[rows.length - 1].length === 0) rows.pop();
  if (rows.length === 0 || rows.some((r) => r.length !== rows[0].length)) throw new ParseError('ragged matrix');
  return { t: 'matrix', rows };
}
