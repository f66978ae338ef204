import { printExpr, evaluate } from '../expression.js';
import type { TaskRandom } from '../random.js';
import { printSteps } from '../steps.js';
import type { TextPair } from '../task.js';
import { countdownPrompt } from './problems.js';
import type { CountdownSettings } from './settings.js';
import { randomTree } from './trees.js';

/**
 * How often each target appears among random trees, and the acceptance ratio that flattens the
 * corpus's target marginal toward the uniform-target eval distribution (lab-prototype.md §1.2).
 * Flattening changes which targets are seen, not p(expression | numbers, target).
 */
export class TargetFlattener {
  private readonly accept = new Map<number, number>();
  constructor(s: CountdownSettings, rng: TaskRandom, samples = 200_000) {
    const counts = new Map<number, number>();
    for (let n = 0; n < samples; n++) {
      const numbers = Array.from({ length: s.count }, () => rng.int(1, s.maxNumber));
      const v = evaluate(randomTree(numbers, rng).tree);
      if (v >= s.minTarget && v <= s.maxTarget) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const sorted = [...counts.values()].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 1;
    for (const [v, c] of counts) this.accept.set(v, Math.min(1, median / c));
  }
  acceptance(target: number): number {
    return this.accept.get(target) ?? 1;
  }
}

/**
 * One base-corpus example: with probability `factShare` a standalone arithmetic fact (one step of
 * a random tree, written after BOS with no `:` prompt — the only place `=` appears), otherwise a
 * solved instance in expression format with a flattened target marginal. A chain of steps after a
 * prompt — the teacher's pattern — never appears.
 */
export function countdownCorpusExample(s: CountdownSettings, flattener: TargetFlattener, rng: TaskRandom): TextPair {
  if (rng.next() < s.factShare) {
    const numbers = Array.from({ length: s.count }, () => rng.int(1, s.maxNumber));
    const { steps } = randomTree(numbers, rng);
    return { prompt: '#', response: printSteps([rng.pick(steps)]) };
  }
  for (;;) {
    const numbers = Array.from({ length: s.count }, () => rng.int(1, s.maxNumber));
    const { tree } = randomTree(numbers, rng);
    const v = evaluate(tree);
    if (v < s.minTarget || v > s.maxTarget) continue;
    if (rng.next() >= flattener.acceptance(v)) continue;
    return { prompt: countdownPrompt(numbers, v), response: printExpr(tree) };
  }
}
