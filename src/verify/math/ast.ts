import type { Rational } from './rational.js';

/**
 * The parsed form of one answer. Expressions (`num` … `fn`) and the structures a final answer
 * can take (tuples, sets, intervals, matrices, relations, text) share one tree so that a
 * structure can hold expressions and an expression can sit inside any structure.
 */
export type Node =
  /**
   * A literal number. `places` is its precision in decimal places (3.14 → 2, 4.5e33 → −32) and
   * `rounded` says it was written as a decimal or in scientific notation (so it may be rounded).
   */
  | { t: 'num'; v: Rational; places: number; rounded?: boolean }
  | { t: 'const'; name: 'pi' | 'e' | 'i' | 'inf' }
  | { t: 'var'; name: string }
  | { t: 'add'; xs: Node[] }
  | { t: 'mul'; xs: Node[] }
  | { t: 'div'; a: Node; b: Node }
  | { t: 'pow'; a: Node; b: Node }
  | { t: 'neg'; a: Node }
  /** a ± b (b alone for a leading ±); expanded into the set of its sign choices before comparing. */
  | { t: 'pm'; a: Node | null; b: Node }
  | { t: 'fn'; name: string; args: Node[] }
  | { t: 'percent'; a: Node }
  /** Ordered collection written with brackets: a point, a vector, or an interval. */
  | { t: 'tuple'; open: '(' | '['; close: ')' | ']'; xs: Node[] }
  /** A bare comma/“or” list (unordered solutions) or a `\{…\}` set. */
  | { t: 'set'; xs: Node[]; braces: boolean }
  | { t: 'setop'; op: 'cup' | 'cap' | 'setminus'; xs: Node[] }
  | { t: 'matrix'; rows: Node[][] }
  /** A relation chain: sides.length === ops.length + 1. */
  | { t: 'rel'; ops: RelOp[]; sides: Node[] }
  | { t: 'text'; s: string };

export type RelOp = '=' | '<' | '>' | 'le' | 'ge' | 'ne' | 'in';

export const FUNCTIONS = new Set([
  'sin',
  'cos',
  'tan',
  'sec',
  'csc',
  'cot',
  'arcsin',
  'arccos',
  'arctan',
  'sinh',
  'cosh',
  'tanh',
  'ln',
  'log',
  'exp',
  'sqrt',
  'root',
  'abs',
  'floor',
  'ceil',
  'fact',
  'binom',
  'gcd',
  'lcm',
  'max',
  'min',
]);

/** The direct subtrees of a node in written order (a matrix row by row); none for a leaf. */
export function children(node: Node): readonly Node[] {
  switch (node.t) {
    case 'add':
    case 'mul':
    case 'tuple':
    case 'set':
    case 'setop':
      return node.xs;
    case 'div':
    case 'pow':
      return [node.a, node.b];
    case 'neg':
    case 'percent':
      return [node.a];
    case 'pm':
      return node.a ? [node.a, node.b] : [node.b];
    case 'fn':
      return node.args;
    case 'matrix':
      return node.rows.flat();
    case 'rel':
      return node.sides;
    default:
      return [];
  }
}

/**
 * The free variables of the tree (letters other than the constants), in order of first
 * appearance: the randomized comparison assigns sample values in this order.
 */
export function freeVars(node: Node, out: Set<string> = new Set()): Set<string> {
  if (node.t === 'var') out.add(node.name);
  else for (const x of children(node)) freeVars(x, out);
  return out;
}

/** Is this node a scalar expression (not a structure, relation or text)? */
export function isScalar(node: Node): boolean {
  switch (node.t) {
    case 'tuple':
    case 'set':
    case 'setop':
    case 'matrix':
    case 'rel':
    case 'text':
      return false;
    default:
      return true;
  }
}
