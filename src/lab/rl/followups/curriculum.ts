import type { TaskRandom } from '../../tasks/random.js';
import type { TaskProblem } from '../../tasks/task.js';

/**
 * A difficulty curriculum (ProRL, arXiv 2505.24864, trains on tasks of graded difficulty): the
 * training problems sorted from easiest to hardest by the base's measured solve rate; the pool a
 * step draws from grows in `stages` equal stages from the easiest 1/stages to all of them, so late
 * steps meet the problems the base is weakest on. Draws are uniform within the pool.
 */
export class DifficultyCurriculum {
  private readonly ordered: TaskProblem[];
  constructor(
    problems: readonly TaskProblem[],
    solveRate: ReadonlyMap<string, number>,
    private readonly steps: number,
    private readonly stages: number,
    private readonly rng: TaskRandom,
  ) {
    // Easiest first; ties keep the given order (stable sort).
    this.ordered = [...problems].sort((a, b) => (solveRate.get(b.key) ?? 0) - (solveRate.get(a.key) ?? 0));
  }

  /** The pool size at a step: stage s of `stages` (1-based) uses the easiest s/stages of the problems. */
  poolSize(step: number): number {
    const stage = Math.min(this.stages, Math.floor(((step - 1) * this.stages) / this.steps) + 1);
    return Math.max(1, Math.round((this.ordered.length * stage) / this.stages));
  }

  take(step: number, count: number): TaskProblem[] {
    const pool = this.poolSize(step);
    return Array.from({ length: count }, () => this.ordered[this.rng.int(0, pool - 1)]);
  }
}
