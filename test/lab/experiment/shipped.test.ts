import { describe, expect, it } from 'vitest';
import { isShipped, shippedCheckpoint } from '../../../src/lab/experiment/shipped.js';
import { taskTokenizer } from '../../../src/lab/experiment/tokenizer.js';
import { loadCheckpoint } from '../../../src/lab/model/index.js';

describe('checkpoints the repository ships', () => {
  it.each([
    ['paper', 'base', 155_520, 'base'],
    ['paper', 'distill', 155_520, 'distilled'],
    ['paper', 'sft-control', 155_520, 'distilled'],
    ['paper-arithmetic', 'base', 155_520, 'base'],
    ['paper-arithmetic', 'distill', 155_520, 'distilled'],
    ['small', 'base', 60_720, 'base'],
    ['small', 'distill', 60_720, 'distilled'],
    ['small', 'sft-control', 60_720, 'distilled'],
  ] as const)('%s-%s loads (checksum, shapes) with its lineage and the task tokenizer', (preset, role, params, kind) => {
    expect(isShipped(preset, role)).toBe(true);
    const c = loadCheckpoint(shippedCheckpoint(preset, role));
    expect(c.model.numParams).toBe(params);
    expect(c.config.lineage.kind).toBe(kind);
    expect(c.tokenizer.toJSON()).toEqual(taskTokenizer().toJSON());
  });

  it('a preset without shipped checkpoints says so', () => {
    expect(isShipped('tiny', 'base')).toBe(false);
  });
});
