import { InputError } from '../../errors.js';

/**
 * A batch of ragged token sequences, right-padded to a common width. Causal attention means padding
 * after a sequence never influences its real positions, so no attention mask is needed; padded
 * positions simply get zero outputs and zero gradients.
 */
export interface TokenBatch {
  /** Number of sequences B. */
  batch: number;
  /** Padded width T (the longest sequence), ≤ the model's context. */
  width: number;
  /** B × T token ids, row-major; padding positions hold 0. */
  tokens: Int32Array;
  /** Real length of each sequence (1..T). */
  lengths: Int32Array;
}

/** Pack sequences into a TokenBatch, checking ids against the vocabulary and lengths against the context. */
export function packBatch(sequences: readonly ArrayLike<number>[], vocab: number, context: number): TokenBatch {
  if (sequences.length === 0) throw new InputError('a batch needs at least one sequence', { field: 'sequences' });
  let width = 0;
  sequences.forEach((s, i) => {
    if (s.length < 1) throw new InputError(`sequence ${i} is empty`, { field: `sequences[${i}]` });
    if (s.length > context) throw new InputError(`sequence ${i} has ${s.length} tokens, more than the model context ${context}`, { field: `sequences[${i}]` });
    if (s.length > width) width = s.length;
  });
  const B = sequences.length;
  const tokens = new Int32Array(B * width);
  const lengths = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    const s = sequences[b];
    lengths[b] = s.length;
    for (let t = 0; t < s.length; t++) {
      const id = s[t];
      if (!Number.isInteger(id) || id < 0 || id >= vocab)
        throw new InputError(`token id ${id} at position ${t} is outside the vocabulary 0..${vocab - 1}`, { field: `sequences[${b}]` });
      tokens[b * width + t] = id;
    }
  }
  return { batch: B, width, tokens, lengths };
}
