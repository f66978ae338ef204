import type { Node } from './ast.js';
import { exact } from './exact.js';
import { substitute } from './scalar.js';

/**
 * Sums and products with bounds (`\sum_{k=1}^{n} k^2`). With integer bounds of at most
 * MAX_TERMS terms they are written out, so they compare like any value; otherwise two of them
 * are equal when their bounds are equal and their bodies are equal as functions of the index
 * (so the summand may be reordered or rewritten: `\sum 2k` = `\sum k \cdot 2`).
 */
const MAX_TERMS = 1000;
/** The common name both indices are renamed to before the bodies are compared. */
export const SUM_INDEX = '\u0000index';

type BigOp = Node & { t: 'fn'; name: 'sum' | 'prod' };
export const isBigOp = (n: Node): n is BigOp => n.t === 'fn' && (n.name === 'sum' || n.name === 'prod') && n.args.length === 4;

/** The index name (`k`, or `i` / `e`, which elsewhere read as constants). */
function indexName(k: Node): string | null {
  if (k.t === 'var') return k.name;
  return k.t === 'const' && (k.name === 'i' || k.name === 'e') ? k.name : null;
}

function integerValue(n: Node): bigint | null {
  const v = exact(n);
  if (!v || v.re.d !== 1n || v.im.n !== 0n) return null;
  return v.re.n;
}

/** Writes out every sum or product whose bounds are integers (at most MAX_TERMS terms). */
export function expandBigOps(n: Node): Node {
  if (!isBigOp(n)) return n;
  const [k, lo, hi, body] = n.args;
  const a = integerValue(lo);
  const b = integerValue(hi);
  const name = indexName(k);
  if (a === null || b === null || name === null || b - a + 1n > BigInt(MAX_TERMS)) return n;
  const xs: Node[] = [];
  for (let i = a; i <= b; i++) {
    const at: Node = i < 0n ? { t: 'neg', a: { t: 'num', v: { n: -i, d: 1n }, places: 0 } } : { t: 'num', v: { n: i, d: 1n }, places: 0 };
    xs.push(substitute(body, (v) => (v === name ? at : null), true));
  }
  if (xs.length === 0) return { t: 'num', v: { n: n.name === 'sum' ? 0n : 1n, d: 1n }, places: 0 };
  return { t: n.name === 'sum' ? 'add' : 'mul', xs };
}

/** The parts to compare of two unexpanded operators, the bodies with one common index name. */
export function bigOpParts(p: BigOp, g: BigOp): { bounds: [Node, Node][]; bodies: [Node, Node] } | null {
  if (p.name !== g.name) return null;
  const rename = (op: BigOp): Node => {
    const [k, , , body] = op.args;
    const name = indexName(k);
    return name === null ? body : substitute(body, (v) => (v === name ? { t: 'var', name: SUM_INDEX } : null), true);
  };
  return {
    bounds: [
      [p.args[1], g.args[1]],
      [p.args[2], g.args[2]],
    ],
    bodies: [rename(p), rename(g)],
  };
}
