import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RequestFailure } from '../../src/sample/http/request-failure.js';
import { LabProvider } from '../../src/sample/providers/lab.js';
import { scoreResponse } from '../../src/sample/response-score.js';
import { loadLabServable } from '../../src/serve/lab-servable.js';
import { saveTinyCheckpoint } from '../serve/lab-checkpoint.js';

describe('lab scoring', () => {
  it('batched scoring equals one-by-one scoring; a text outside the alphabet fails alone', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rlbound-score-'));
    saveTinyCheckpoint(dir);
    const lab = new LabProvider(loadLabServable(dir, 'tiny'));
    const texts = ['what is 1+2? 3', 'abc', 'NOT IN ALPHABET', 'x = 12 * 3'];
    const batch = await lab.scoreTexts(texts, 0);
    expect(batch[2]).toBeInstanceOf(RequestFailure);
    expect((batch[2] as RequestFailure).message).toMatch(/not in the tokenizer's alphabet/);
    for (const i of [0, 1, 3]) {
      const one = await lab.scoreText(texts[i], 0);
      const b = batch[i] as typeof one;
      expect(b.tokens).toEqual(one.tokens);
      for (let t = 0; t < one.logprobs.length; t++) expect(b.logprobs[t]).toBeCloseTo(one.logprobs[t] as number, 4);
      expect(b.entropies!.every((h) => h! > 0)).toBe(true);
    }
    // Response part after a 12-character prompt: 2 tokens, bytes, exact mean entropy.
    const r = scoreResponse(batch[0] as never, 12, ' 3');
    expect(r.tokenCount).toBe(2);
    expect(r.byteCount).toBe(2);
    expect(r.nllSum).toBeGreaterThan(0);
    expect(r.entropy).toBeGreaterThan(0);
  });
});
