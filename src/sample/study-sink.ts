import type { StudyStore } from '../study/store.js';
import type { SampleSink, SampleSlot } from './sample-sink.js';

/**
 * The study store as the sampling engine's sink for one run. The engine speaks problem indices
 * (they determine seeds); the store keys samples by problem row id: this maps between them.
 */
export class StudySink implements SampleSink {
  private readonly idOf: Map<number, number>;

  constructor(
    private readonly store: StudyStore,
    private readonly runId: number,
    problems: readonly { id: number; index: number }[],
  ) {
    this.idOf = new Map(problems.map((p) => [p.index, p.id]));
  }

  presentIndices(problemIndex: number): Promise<Set<number>> {
    return this.store.sampleIndices(this.runId, this.problemId(problemIndex));
  }

  async insert(slots: SampleSlot[]): Promise<void> {
    await this.store.insertSamples(
      slots.map((s) => ({
        runId: this.runId,
        problemId: this.problemId(s.problemIndex),
        sampleIndex: s.sampleIndex,
        seed: s.seed,
        text: s.text,
        error: s.error,
        finishReason: s.finishReason,
        stopReason: s.stopReason === null ? null : String(s.stopReason),
        completionTokens: s.completionTokens,
        logprobSum: s.logprobSum,
        latencyMs: s.latencyMs,
        attempts: s.attempts,
      })),
    );
  }

  texts(problemIndex: number): Promise<string[]> {
    return this.store.sampleTexts(this.runId, this.problemId(problemIndex));
  }

  private problemId(index: number): number {
    const id = this.idOf.get(index);
    if (id === undefined) throw new RangeError(`problem index ${index} is not in this run's benchmark`);
    return id;
  }
}
