import type { SampleSink, SampleSlot } from './sample-sink.js';

/**
 * Group commit: while one insert transaction runs, arriving slots wait and go into the next one.
 * At low rates every request is stored at once (a crash loses only what is in flight); at high
 * rates transactions grow, so the store is never the bottleneck. `add` resolves once the slots
 * are durable in the store, which also gives the scheduler back-pressure.
 */
export class GroupCommit {
  private pending: SampleSlot[] = [];
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private writing = false;

  constructor(private readonly sink: SampleSink) {}

  add(slots: SampleSlot[]): Promise<void> {
    for (const s of slots) this.pending.push(s);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.writing) void this.drain();
    return done;
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.pending.length > 0) {
      const batch = this.pending;
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        await this.sink.insert(batch);
        for (const w of waiters) w.resolve();
      } catch (e) {
        for (const w of waiters) w.reject(e);
      }
    }
    this.writing = false;
  }
}
