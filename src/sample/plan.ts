/**
 * Request planning: which (problem, sample index) slots go into which request.
 *
 * A request with `n = m` and `seed = s` yields, on servers with consecutive child seeds (vLLM),
 * samples seeded s, s+1, …, s+m−1. A chunk is therefore only valid if the slots it covers have
 * exactly those seeds in the run's seed function. The planner walks the missing indices in order
 * and cuts a chunk wherever the indices or the seeds stop being consecutive, or the chunk is full.
 * Whatever seed function the store uses, no two samples can end up with the same seed.
 */
export interface Chunk {
  problemIndex: number;
  /** Sample indices covered, in order (consecutive). */
  firstSample: number;
  count: number;
  /** Seed of the first sample; sample firstSample+i has seed + i. */
  seed: number;
}

export interface PlanOptions {
  problemIndex: number;
  /** Target number of samples for the problem. */
  n: number;
  /** Sample indices already stored (successful or not to be retried). */
  present: ReadonlySet<number>;
  /** The run's seed of a sample index. */
  seedOf: (sampleIndex: number) => number;
  /** Largest `n` per request: 1 if the server lacks `n` or its child seeds are not consecutive. */
  maxChoices: number;
}

export function* planChunks(o: PlanOptions): Generator<Chunk> {
  if (o.maxChoices < 1) throw new RangeError('maxChoices must be ≥ 1');
  let cur: Chunk | null = null;
  for (let i = 0; i < o.n; i++) {
    if (o.present.has(i)) {
      if (cur) yield cur;
      cur = null;
      continue;
    }
    const seed = o.seedOf(i);
    if (cur && cur.count < o.maxChoices && cur.firstSample + cur.count === i && cur.seed + cur.count === seed) {
      cur.count++;
      continue;
    }
    if (cur) yield cur;
    cur = { problemIndex: o.problemIndex, firstSample: i, count: 1, seed };
  }
  if (cur) yield cur;
}
