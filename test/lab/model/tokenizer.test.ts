import { describe, expect, it } from 'vitest';
import { CharTokenizer } from '../../../src/lab/tokenizer/index.js';

describe('character tokenizer', () => {
  it('puts specials first, encodes and decodes text, and serialises to JSON', () => {
    const tok = CharTokenizer.withDefaultSpecials('ab+');
    expect(tok.vocabSize).toBe(6);
    expect([tok.pad, tok.bos, tok.eos]).toEqual([0, 1, 2]);
    expect(tok.encode('ba+', { addBos: true })).toEqual([1, 4, 3, 5]);
    expect(tok.decode([1, 4, 3, 5, 2])).toBe('ba+');
    expect(tok.decode([1, 4, 2], { keepSpecials: true })).toBe('<bos>b<eos>');
    expect(tok.encode('a<eos>', { allowSpecials: true })).toEqual([3, 2]);
    expect(tok.tokenText(2)).toBe('<eos>');
    const again = new CharTokenizer(JSON.parse(JSON.stringify(tok)));
    expect(again.encode('ab')).toEqual(tok.encode('ab'));
    expect(again.eos).toBe(2);
  });

  it('lets a role name a plain character (e.g. "." as EOS)', () => {
    const tok = new CharTokenizer({ type: 'char', specials: ['#'], chars: '0123.', roles: { bos: '#', pad: '#', eos: '.' } });
    expect(tok.bos).toBe(0);
    expect(tok.eos).toBe(5);
    expect(tok.decode(tok.encode('12.'))).toBe('12.');
  });

  it('rejects unknown characters and bad specs with clear messages', () => {
    const tok = CharTokenizer.withDefaultSpecials('ab');
    expect(() => tok.encode('abc')).toThrow(/character "c" at offset 2 is not in the tokenizer's alphabet/);
    expect(() => new CharTokenizer({ type: 'char', specials: [], chars: 'aa' })).toThrow(/listed twice/);
    expect(() => new CharTokenizer({ type: 'char', specials: [], chars: 'a', roles: { eos: 'z' } })).toThrow(/roles\.eos/);
  });
});
