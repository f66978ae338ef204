import type { Token } from './tokenize.js';

/**
 * The parser's read position in the token list, shared by every grammar file of this folder, and
 * the one error the grammar raises. It also counts nesting: a hostile answer (`((((…`) then
 * fails with a ParseError instead of overflowing the stack.
 */

/** Raised for input the grammar does not cover; the caller falls back to string comparison. */
export class ParseError extends Error {}

const MAX_DEPTH = 200;

export class Cursor {
  pos = 0;
  private depth = 0;
  /** Open `|…|` bars: inside one, a `|` closes it rather than starting a nested one. */
  absDepth = 0;
  constructor(private readonly toks: Token[]) {}

  peek(o = 0): Token | undefined {
    return this.toks[this.pos + o];
  }
  isOp(s: string, o = 0): boolean {
    const t = this.peek(o);
    return t !== undefined && t.k === 'op' && t.s === s;
  }
  isCmd(s: string, o = 0): boolean {
    const t = this.peek(o);
    return t !== undefined && t.k === 'cmd' && t.s === s;
  }
  expectOp(s: string): void {
    if (!this.isOp(s)) throw new ParseError(`expected '${s}' at token ${this.pos}`);
    this.pos++;
  }
  enter(): void {
    if (++this.depth > MAX_DEPTH) throw new ParseError('nesting too deep');
  }
  leave(): void {
    this.depth--;
  }
  atEnd(): boolean {
    return this.pos >= this.toks.length;
  }

  /**
   * Consumes only the first character of the current token and leaves the rest to be read next,
   * as TeX reads a one-token argument: `x^23` is x²·3 and `x_12` is x₁·2.
   */
  takeFirstChar(): string {
    const t = this.toks[this.pos];
    if (t.s.length > 1) this.toks[this.pos] = { k: t.k, s: t.s.slice(1) };
    else this.pos++;
    return t.s[0];
  }
}
