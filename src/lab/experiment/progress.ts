/**
 * A progress display for long lab phases. On a TTY one line is redrawn in place with a bar; in a
 * pipe or log file a line is printed when the message changes phase and at every 10% — so CI logs
 * stay short and a terminal shows live numbers.
 */
export class ProgressLine {
  private lastKey = '';
  private lastDecile = -1;
  private startedAt = Date.now();
  private width = 0;

  constructor(
    private readonly out: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean },
    private readonly quiet = false,
  ) {}

  update(key: string, message: string, done?: number, total?: number): void {
    if (this.quiet) return;
    const elapsed = ((Date.now() - this.startedAt) / 1000).toFixed(0).padStart(5);
    const frac = done !== undefined && total ? done / total : null;
    const bar = frac === null ? '' : ` [${'#'.repeat(Math.round(frac * 20)).padEnd(20, '.')}] ${done}/${total}`;
    const line = `${elapsed}s ${message}${bar}`;
    if (this.out.isTTY) {
      // A new phase keeps the finished line above it; within a phase the line is redrawn.
      if (key !== this.lastKey && this.lastKey !== '') this.out.write('\n');
      else this.out.write('\r');
      this.out.write(line.padEnd(key === this.lastKey ? this.width : 0));
      this.width = line.length;
      this.lastKey = key;
      return;
    }
    const decile = frac === null ? -1 : Math.floor(frac * 10);
    if (key !== this.lastKey || decile !== this.lastDecile) {
      this.out.write(`${line}\n`);
      this.lastKey = key;
      this.lastDecile = decile;
    }
  }

  /** Ends the in-place line (TTY) so following output starts on a fresh line. */
  finish(): void {
    if (!this.quiet && this.out.isTTY && this.width > 0) this.out.write('\n');
    this.width = 0;
  }
}
