import { describe, expect, it } from 'vitest';
import { createModel, paramLayout, parseGptConfig } from '../../../src/lab/model/index.js';

describe('model config', () => {
  it('names the offending field', () => {
    expect(() => createModel({ layers: 1, dModel: 10, heads: 3, context: 8, vocab: 5 }, { seed: 0 })).toThrow(/field "model\.heads".*divisible/);
    expect(() => createModel({ layers: 0, dModel: 8, heads: 2, context: 8, vocab: 5 }, { seed: 0 })).toThrow(/field "model\.layers"/);
    expect(() => parseGptConfig({ layers: 1 }, { file: 'x.json' })).toThrow(/x\.json, field "dModel"/);
  });

  it("the default lab model has the prototype's 155,520 parameters (d64 L3 h4, vocab 21)", () => {
    expect(paramLayout(parseGptConfig({ layers: 3, dModel: 64, heads: 4, context: 64, vocab: 21 })).total).toBe(155_520);
    expect(paramLayout(parseGptConfig({ layers: 2, dModel: 48, heads: 4, context: 64, vocab: 21 })).total).toBe(60_720);
    // Rotary positions: no position table.
    expect(paramLayout(parseGptConfig({ layers: 3, dModel: 64, heads: 4, context: 64, vocab: 21, positions: 'rotary' })).total).toBe(155_520 - 64 * 64);
    expect(() => parseGptConfig({ layers: 1, dModel: 6, heads: 2, context: 8, vocab: 5, positions: 'rotary' })).toThrow(/even head dimension/);
  });
});
