import { z } from 'zod';
import { InputError } from '../../errors.js';

/**
 * Character-level tokenizer with named special tokens. Ids: the specials first (in order), then
 * one id per character of `chars`. Roles (bos/eos/pad) name a special token or a single character.
 * Serialised as JSON inside every checkpoint's config.
 */
export const tokenizerSpecSchema = z
  .object({
    type: z.literal('char'),
    /** Special token names, e.g. ["<pad>", "<bos>", "<eos>"]; they never appear as plain text. */
    specials: z.array(z.string().min(1)),
    /** The alphabet: each character (code point) becomes one token. */
    chars: z.string(),
    roles: z
      .object({
        bos: z.string().optional(),
        eos: z.string().optional(),
        pad: z.string().optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type TokenizerSpec = z.output<typeof tokenizerSpecSchema>;
export type TokenizerSpecInput = z.input<typeof tokenizerSpecSchema>;

export const DEFAULT_SPECIALS = ['<pad>', '<bos>', '<eos>'];

export class CharTokenizer {
  readonly spec: TokenizerSpec;
  readonly vocabSize: number;
  /** Role ids, or -1 when the role is not defined. */
  readonly bos: number;
  readonly eos: number;
  readonly pad: number;
  private readonly pieces: string[];
  private readonly charIds = new Map<string, number>();
  private readonly specialIds = new Map<string, number>();

  constructor(input: TokenizerSpecInput) {
    const parsed = tokenizerSpecSchema.safeParse(input);
    if (!parsed.success) throw new InputError(`invalid tokenizer spec: ${parsed.error.issues[0]?.message ?? 'unknown'}`, { field: 'tokenizer' });
    const spec = parsed.data;
    this.spec = spec;
    this.pieces = [];
    for (const s of spec.specials) {
      if (this.specialIds.has(s)) throw new InputError(`special token ${JSON.stringify(s)} listed twice`, { field: 'tokenizer.specials' });
      this.specialIds.set(s, this.pieces.length);
      this.pieces.push(s);
    }
    for (const ch of spec.chars) {
      if (this.charIds.has(ch)) throw new InputError(`character ${JSON.stringify(ch)} listed twice`, { field: 'tokenizer.chars' });
      this.charIds.set(ch, this.pieces.length);
      this.pieces.push(ch);
    }
    this.vocabSize = this.pieces.length;
    this.bos = this.roleId('bos');
    this.eos = this.roleId('eos');
    this.pad = this.roleId('pad');
  }

  /** A tokenizer over `chars` with <pad>, <bos>, <eos> specials in those roles. */
  static withDefaultSpecials(chars: string): CharTokenizer {
    return new CharTokenizer({ type: 'char', specials: DEFAULT_SPECIALS, chars, roles: { pad: '<pad>', bos: '<bos>', eos: '<eos>' } });
  }

  /**
   * Text → ids. With `addBos` the BOS id comes first. With `allowSpecials`, literal special names
   * in the text (e.g. "<eos>") become their ids. Any character outside the alphabet is an error.
   */
  encode(text: string, options: { addBos?: boolean; allowSpecials?: boolean } = {}): number[] {
    const ids: number[] = [];
    if (options.addBos) {
      if (this.bos < 0) throw new InputError('this tokenizer has no BOS token', { field: 'tokenizer.roles.bos' });
      ids.push(this.bos);
    }
    let i = 0;
    outer: while (i < text.length) {
      if (options.allowSpecials && text[i] === '<') {
        for (const [name, id] of this.specialIds)
          if (text.startsWith(name, i)) {
            ids.push(id);
            i += name.length;
            continue outer;
          }
      }
      const cp = text.codePointAt(i) as number;
      const ch = String.fromCodePoint(cp);
      const id = this.charIds.get(ch);
      if (id === undefined)
        throw new InputError(`character ${JSON.stringify(ch)} at offset ${i} is not in the tokenizer's alphabet ${JSON.stringify(this.spec.chars)}`, {
          field: 'text',
        });
      ids.push(id);
      i += ch.length;
    }
    return ids;
  }

  /** Ids → text. Special tokens are dropped unless `keepSpecials`. */
  decode(ids: ArrayLike<number>, options: { keepSpecials?: boolean } = {}): string {
    let out = '';
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id < this.spec.specials.length) {
        if (options.keepSpecials) out += this.pieces[id];
      } else out += this.pieces[id] ?? '';
    }
    return out;
  }

  /** The text of one token (special tokens by name), e.g. for per-token logprob listings. */
  tokenText(id: number): string {
    const piece = this.pieces[id];
    if (piece === undefined) throw new RangeError(`token id ${id} outside 0..${this.vocabSize - 1}`);
    return piece;
  }

  isSpecial(id: number): boolean {
    return id >= 0 && id < this.spec.specials.length;
  }

  toJSON(): TokenizerSpec {
    return this.spec;
  }

  private roleId(role: 'bos' | 'eos' | 'pad'): number {
    const name = this.spec.roles[role];
    if (name === undefined) return -1;
    const id = this.specialIds.get(name) ?? this.charIds.get(name);
    if (id === undefined)
      throw new InputError(`role ${role} names ${JSON.stringify(name)}, which is neither a special token nor a character`, {
        field: `tokenizer.roles.${role}`,
      });
    return id;
  }
}
