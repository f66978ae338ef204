/**
 * How many requests may be in flight. Slow start doubles the limit until the server pushes back;
 * after that the limit grows by one per window of successes (additive increase). A 429/503 halves
 * it (multiplicative decrease); a latency rise well above the best seen trims it by a tenth. The
 * limit never exceeds the user's `--concurrency` and never drops below 1.
 */
export class AdaptiveLimit {
  private limit: number;
  private slowStart = true;
  private successes = 0;
  /** Completions to wait after a decrease before growing again. */
  private cooldown = 0;
  private ewmaMs: number | null = null;
  private bestMs = Infinity;

  constructor(
    private readonly max: number,
    initial = Math.min(max, 4),
  ) {
    this.limit = Math.max(1, Math.min(max, initial));
  }

  get current(): number {
    return this.limit;
  }

  onOverload(): void {
    this.slowStart = false;
    this.decreaseTo(Math.floor(this.limit / 2));
  }

  onSuccess(latencyMs: number): void {
    this.ewmaMs = this.ewmaMs === null ? latencyMs : 0.8 * this.ewmaMs + 0.2 * latencyMs;
    this.bestMs = Math.min(this.bestMs, this.ewmaMs);
    if (this.cooldown > 0) {
      this.cooldown--;
      return;
    }
    // Queueing on the server shows up as latency well above the best seen (2× and ≥ 100 ms more,
    // so that jitter on fast local servers does not count).
    if (this.ewmaMs > 2 * this.bestMs && this.ewmaMs - this.bestMs > 100) {
      this.slowStart = false;
      this.decreaseTo(Math.floor(this.limit * 0.9));
      return;
    }
    this.successes++;
    if (this.slowStart) {
      if (this.successes >= this.limit) this.grow(this.limit * 2);
    } else if (this.successes >= this.limit) {
      this.grow(this.limit + 1);
    }
  }

  private grow(to: number): void {
    this.limit = Math.min(this.max, to);
    this.successes = 0;
  }

  private decreaseTo(to: number): void {
    this.limit = Math.max(1, Math.min(this.limit - 1, to));
    this.successes = 0;
    this.cooldown = this.limit;
  }
}
