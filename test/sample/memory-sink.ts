import type { SampleSink, SampleSlot } from '../../src/sample/sample-sink.js';

/** An in-memory sink with the store's semantics (idempotent per slot; errors can be replaced by samples). */
export class MemorySink implements SampleSink {
  readonly slots = new Map<string, SampleSlot>();
  inserts = 0;

  presentIndices(problemIndex: number): Promise<Set<number>> {
    const s = new Set<number>();
    for (const v of this.slots.values()) if (v.problemIndex === problemIndex && v.error === null) s.add(v.sampleIndex);
    return Promise.resolve(s);
  }

  insert(slots: SampleSlot[]): Promise<void> {
    this.inserts++;
    for (const s of slots) {
      const key = `${s.problemIndex}/${s.sampleIndex}`;
      const old = this.slots.get(key);
      if (old === undefined || old.error !== null) this.slots.set(key, s);
    }
    return Promise.resolve();
  }

  texts(problemIndex: number): Promise<string[]> {
    return Promise.resolve([...this.slots.values()].filter((s) => s.problemIndex === problemIndex && s.text !== null).map((s) => s.text as string));
  }

  /** "problem/sample" → text, for comparing runs. */
  textMap(): Map<string, string | null> {
    return new Map([...this.slots].map(([k, v]) => [k, v.text]));
  }
}
