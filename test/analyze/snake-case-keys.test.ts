import { describe, expect, it } from 'vitest';
import { snakeCaseKeys } from '../../src/analyze/index.js';

describe('snakeCaseKeys', () => {
  it('renames every field camelCase → snake_case, values untouched, and keeps the keys of maps keyed by data', () => {
    const value = { guessRunId: 3, nonGuessablePassAtK: { 'Qwen2.5-7B': { passAtK: [0.5], k: [1] } }, points: [{ passAt1: 0.25, model: 'rlStep100' }] };
    expect(snakeCaseKeys(value, new Set(['nonGuessablePassAtK']))).toEqual({
      guess_run_id: 3,
      non_guessable_pass_at_k: { 'Qwen2.5-7B': { pass_at_k: [0.5], k: [1] } },
      points: [{ pass_at1: 0.25, model: 'rlStep100' }],
    });
    // Without the hint, a model name is a key like any other (what the option exists to prevent).
    expect(Object.keys((snakeCaseKeys(value) as { non_guessable_pass_at_k: object }).non_guessable_pass_at_k)).toEqual(['qwen2.5-7_b']);
  });
});
