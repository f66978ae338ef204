import { isScalar, type Node } from './ast.js';

/**
 * Matrix expressions reduced to one matrix of entry expressions: a scalar times a matrix or
 * vector (`2\begin{pmatrix}1\\2\end{pmatrix}`), sums and differences of matrices of one shape,
 * products of matrices whose shapes fit, a matrix divided by a scalar. Entries stay trees, so
 * they are compared exactly afterwards like any other value.
 */
type Cells = Node[][];

const hasMatrix = (n: Node): boolean =>
  n.t === 'matrix' || ((n.t === 'add' || n.t === 'mul') && n.xs.some(hasMatrix)) || (n.t === 'neg' && hasMatrix(n.a)) || (n.t === 'div' && hasMatrix(n.a));

const map = (m: Cells, f: (x: Node) => Node): Cells => m.map((row) => row.map(f));

function product(a: Cells, b: Cells): Cells | null {
  if (a[0].length !== b.length) return null;
  return a.map((row) => b[0].map((_x, j) => ({ t: 'add', xs: row.map((x, k) => ({ t: 'mul', xs: [x, b[k][j]] }) as Node) }) as Node));
}

function cells(n: Node): Cells | null {
  switch (n.t) {
    case 'matrix':
      return n.rows;
    case 'neg': {
      const m = cells(n.a);
      return m && map(m, (x) => ({ t: 'neg', a: x }));
    }
    case 'div': {
      const m = isScalar(n.b) ? cells(n.a) : null;
      return m && map(m, (x) => ({ t: 'div', a: x, b: n.b }));
    }
    case 'add': {
      const ms = n.xs.map(cells);
      if (ms.some((m) => m === null)) return null;
      const [first, ...rest] = ms as Cells[];
      if (rest.some((m) => m.length !== first.length || m[0].length !== first[0].length)) return null;
      return first.map((row, i) => row.map((x, j) => ({ t: 'add', xs: [x, ...rest.map((m) => m[i][j])] }) as Node));
    }
    case 'mul': {
      const factors: Node[] = [];
      let acc: Cells | null = null;
      for (const x of n.xs) {
        if (!hasMatrix(x)) {
          if (!isScalar(x)) return null;
          factors.push(x);
          continue;
        }
        const m = cells(x);
        if (!m) return null;
        acc = acc ? product(acc, m) : m;
        if (!acc) return null;
      }
      if (!acc) return null;
      return factors.length === 0 ? acc : map(acc, (x) => ({ t: 'mul', xs: [...factors, x] }));
    }
    default:
      return null;
  }
}

/** The matrix an expression of matrices evaluates to, or null (not such an expression, or shapes that do not fit). */
export function matrixValue(n: Node): Node | null {
  if (n.t === 'matrix' || !hasMatrix(n)) return null;
  const m = cells(n);
  return m && m.length > 0 && m.every((r) => r.length === m[0].length) ? { t: 'matrix', rows: m } : null;
}
