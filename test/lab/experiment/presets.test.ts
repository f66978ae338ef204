import { describe, expect, it } from 'vitest';
import { checkpointSetName, PAPER_PRESET, SMALL_PRESET, withTask } from '../../../src/lab/experiment/presets.js';

describe('lab presets with another task', () => {
  it('keep the recipes and evaluation, and name their checkpoint set after the task', () => {
    const arith = withTask(PAPER_PRESET, { name: 'arithmetic' });
    expect(arith.task).toEqual({ name: 'arithmetic', difficulty: 'default' });
    expect(arith.pretrain).toEqual(PAPER_PRESET.pretrain);
    expect(arith.eval).toEqual(PAPER_PRESET.eval);
    expect(checkpointSetName(PAPER_PRESET)).toBe('paper');
    expect(checkpointSetName(withTask(PAPER_PRESET, {}))).toBe('paper');
    expect(checkpointSetName(arith)).toBe('paper-arithmetic');
    expect(checkpointSetName(withTask(SMALL_PRESET, { difficulty: 'hard' }))).toBe('small-countdown-hard');
    expect(checkpointSetName(withTask(SMALL_PRESET, { name: 'arithmetic', difficulty: 'easy' }))).toBe('small-arithmetic-easy');
  });
});
