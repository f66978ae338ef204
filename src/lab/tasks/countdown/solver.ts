import type { Op } from '../expression.js';
import type { Step } from '../steps.js';

/**
 * Countdown-style exhaustive search: repeatedly replace two pool items by a+b, a·b or |a−b|
 * (intermediates stay non-negative) until one number is left. Returns every step sequence, keyed
 * by the final value. For 4 numbers that is at most 6·3·3·3·1·3 = 486 sequences.
 */
export function allSolutions(numbers: readonly number[]): Map<number, Step[][]> {
  const out = new Map<number, Step[][]>();
  const walk = (pool: number[], steps: Step[]): void => {
    if (pool.length === 1) {
      const list = out.get(pool[0]);
      if (list) list.push(steps);
      else out.set(pool[0], [steps]);
      return;
    }
    for (let i = 0; i < pool.length; i++) {
      for (let j = i + 1; j < pool.length; j++) {
        const rest = pool.filter((_, k) => k !== i && k !== j);
        const [hi, lo] = pool[i] >= pool[j] ? [pool[i], pool[j]] : [pool[j], pool[i]];
        const moves: [Op, number][] = [
          ['+', hi + lo],
          ['*', hi * lo],
          ['-', hi - lo],
        ];
        for (const [op, result] of moves) walk([...rest, result], [...steps, { a: hi, op, b: lo, result }]);
      }
    }
  };
  walk([...numbers], []);
  return out;
}

/** The values reachable using every number exactly once. */
export function reachableValues(numbers: readonly number[]): number[] {
  return [...allSolutions(numbers).keys()];
}
