/**
 * Integer expressions over `+ - *` with parentheses: the tree, its value, printing with the fewest
 * parentheses, and a recursive-descent parser (`*` binds tighter; all operators left-associative).
 * Shared by the countdown and arithmetic task families.
 */
export type Op = '+' | '-' | '*';
export const OPS: readonly Op[] = ['+', '-', '*'];

export type Expr = { kind: 'num'; value: number } | { kind: 'bin'; op: Op; left: Expr; right: Expr };

export function num(value: number): Expr {
  return { kind: 'num', value };
}

export function bin(op: Op, left: Expr, right: Expr): Expr {
  return { kind: 'bin', op, left, right };
}

export function applyOp(op: Op, a: number, b: number): number {
  return op === '+' ? a + b : op === '-' ? a - b : a * b;
}

export function evaluate(e: Expr): number {
  return e.kind === 'num' ? e.value : applyOp(e.op, evaluate(e.left), evaluate(e.right));
}

/** The literals of an expression, left to right. */
export function literals(e: Expr): number[] {
  return e.kind === 'num' ? [e.value] : [...literals(e.left), ...literals(e.right)];
}

function precedence(e: Expr): number {
  return e.kind === 'num' ? 3 : e.op === '*' ? 2 : 1;
}

/** Prints with the minimum parentheses that keep the tree's meaning under left associativity. */
export function printExpr(e: Expr): string {
  if (e.kind === 'num') return String(e.value);
  const p = precedence(e);
  const left = precedence(e.left) < p ? `(${printExpr(e.left)})` : printExpr(e.left);
  const needRight = precedence(e.right) < p || (e.op === '-' && precedence(e.right) === p);
  const right = needRight ? `(${printExpr(e.right)})` : printExpr(e.right);
  return `${left}${e.op}${right}`;
}

/** Parses an expression; returns null for anything malformed (model output is untrusted). */
export function parseExpr(text: string): Expr | null {
  let pos = 0;
  const peek = (): string | undefined => text[pos];
  function atom(): Expr | null {
    if (peek() === '(') {
      pos++;
      const inner = sum();
      if (inner === null || peek() !== ')') return null;
      pos++;
      return inner;
    }
    const start = pos;
    while (pos < text.length && text[pos] >= '0' && text[pos] <= '9') pos++;
    if (pos === start || pos - start > 6) return null;
    return num(Number(text.slice(start, pos)));
  }
  function product(): Expr | null {
    let left = atom();
    while (left !== null && peek() === '*') {
      pos++;
      const right = atom();
      left = right === null ? null : bin('*', left, right);
    }
    return left;
  }
  function sum(): Expr | null {
    let left = product();
    while (left !== null && (peek() === '+' || peek() === '-')) {
      const op = text[pos++] as Op;
      const right = product();
      left = right === null ? null : bin(op, left, right);
    }
    return left;
  }
  const e = sum();
  return e !== null && pos === text.length ? e : null;
}

/** True if two lists hold the same numbers with the same multiplicities. */
export function sameMultiset(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  return x.every((v, i) => v === y[i]);
}
