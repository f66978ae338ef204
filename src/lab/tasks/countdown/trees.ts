import { applyOp, bin, evaluate, num, OPS, type Expr } from '../expression.js';
import type { TaskRandom } from '../random.js';
import type { Step } from '../steps.js';

/**
 * A random binary tree over the given numbers, built the way the base corpus does it: pick two pool
 * items and an operator, swapping a subtraction's operands if it would go negative. Also returns
 * the tree's evaluation steps (used for the arithmetic facts).
 */
export function randomTree(numbers: readonly number[], rng: TaskRandom): { tree: Expr; steps: Step[] } {
  let pool: Expr[] = rng.shuffled(numbers).map(num);
  const steps: Step[] = [];
  while (pool.length > 1) {
    const i = rng.int(0, pool.length - 1);
    let j = rng.int(0, pool.length - 2);
    if (j >= i) j++;
    const op = rng.pick(OPS);
    let [left, right] = [pool[i], pool[j]];
    if (op === '-' && evaluate(left) < evaluate(right)) [left, right] = [right, left];
    const [a, b] = [evaluate(left), evaluate(right)];
    steps.push({ a, op, b, result: applyOp(op, a, b) });
    const node = bin(op, left, right);
    pool = [...pool.filter((_, k) => k !== i && k !== j), node];
  }
  return { tree: pool[0], steps };
}

/** The expression tree that performs a step sequence (the teacher's solution in direct format). */
export function treeFromSteps(numbers: readonly number[], steps: readonly Step[]): Expr {
  const pool: { value: number; expr: Expr }[] = numbers.map((v) => ({ value: v, expr: num(v) }));
  const take = (value: number): Expr => {
    const k = pool.findIndex((p) => p.value === value);
    if (k < 0) throw new Error(`step operand ${value} is not in the pool`);
    return pool.splice(k, 1)[0].expr;
  };
  for (const s of steps) {
    const left = take(s.a);
    const right = take(s.b);
    pool.push({ value: s.result, expr: bin(s.op, left, right) });
  }
  if (pool.length !== 1) throw new Error('steps do not use every number');
  return pool[0].expr;
}
