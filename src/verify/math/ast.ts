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
  'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'arcsin', 'arccos', 'arctan', 'sinh', 'cosh', 'tanh',
  'ln', 'log', 'exp', 'sqrt', 'root', 'abs', 'floor', 'ceil', 'fact', 'binom', 'gcd', 'lcm', 'max', 'min',
]);

/** True when the tree holds a free variable (a letter other than the constants). */
export function freeVars(node: Node, out: Set<string> = new Set()): Set<string> {
  switch (node.t) {
    case 'var':
      out.add(node.name);
      break;
    case 'num':
    case 'const':
    case 'text':
      break;
    case 'add':
    case 'mul':
    case 'tuple':
    case 'set':
    case 'setop':
      for (const x of node.xs) freeVars(x, out);
      break;
    case 'div':
    case 'pow':
      freeVars(node.a, out);
      freeVars(node.b, out);
      break;
    case 'neg':
    case 'percent':
      freeVars(node.a, out);
      break;
    case 'pm':
      if (node.a) freeVars(node.a, out);
      freeVars(node.b, out);
      break;
    case 'fn':
      for (const x of node.args) freeVars(x, out);
      break;
    case 'matrix':
      for (const r of node.rows) for (const x of r) freeVars(x, out);
      break;
    case 'rel':
      for (const x of node.sides) freeVars(x, out);
      break;
  }
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
