import type { TaskRandom } from '../tasks/random.js';

/** Hands out training prompts in shuffled passes over the set (a dataloader with reshuffling). */
export class PromptCycler<P> {
  private order: P[] = [];
  private next = 0;
  constructor(
    private readonly items: readonly P[],
    private readonly rng: TaskRandom,
  ) {
    if (items.length === 0) throw new Error('no training problems');
  }
  take(count: number): P[] {
    const out: P[] = [];
    while (out.length < count) {
      if (this.next >= this.order.length) {
        this.order = this.rng.shuffled(this.items);
        this.next = 0;
      }
      out.push(this.order[this.next++]);
    }
    return out;
  }
}
