import type { FloatArray, TokenBatch } from '../model/index.js';
import type { TokenRows } from './tokens.js';

/**
 * Moves between the RL maths' response-local rows (row i, response token j) and the model's
 * token-aligned buffers (index b·T + promptLength_b + j). Prompts differ in length, so each row
 * has its own offset.
 */
export class ResponseView {
  constructor(
    readonly batch: TokenBatch,
    readonly promptLengths: readonly number[],
    readonly width: number,
  ) {}

  private index(i: number, j: number): number {
    return i * this.batch.width + this.promptLengths[i] + j;
  }

  /** Gather a token-aligned model output into response rows (0 beyond each response). */
  gather(buffer: ArrayLike<number>, mask: TokenRows): TokenRows {
    return mask.map((row, i) => row.map((m, j) => (m > 0 ? buffer[this.index(i, j)] : 0)));
  }

  /** Scatter response rows into a (zeroed) token-aligned buffer, adding to what is there. */
  scatterAdd(rows: TokenRows, into: FloatArray): void {
    rows.forEach((row, i) =>
      row.forEach((v, j) => {
        if (v !== 0) into[this.index(i, j)] += v;
      }),
    );
  }
}
