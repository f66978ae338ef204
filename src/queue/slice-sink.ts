import type { SampleSink, SampleSlot } from '../sample/sample-sink.js';

/**
 * A sink that shows the sampling engine only one slice of a problem: indices below `first` count
 * as present, so the planner (which walks [0, n)) plans exactly the slice's missing indices.
 */
export class SliceSink implements SampleSink {
  constructor(
    private readonly inner: SampleSink,
    private readonly first: number,
  ) {}
  async presentIndices(problemIndex: number): Promise<Set<number>> {
    const present = await this.inner.presentIndices(problemIndex);
    for (let i = 0; i < this.first; i++) present.add(i);
    return present;
  }
  insert(slots: SampleSlot[]): Promise<void> {
    return this.inner.insert(slots);
  }
  texts(problemIndex: number): Promise<string[]> {
    return this.inner.texts(problemIndex);
  }
}
