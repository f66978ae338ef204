import { CharTokenizer, createModel, saveCheckpoint } from '../../src/lab/model/index.js';

/** The alphabet of the test checkpoints: enough for small arithmetic questions. */
export const LAB_ALPHABET = '0123456789+-*=:?. abcdefghijklmnopqrstuvwxyz\n';

/** Saves a tiny randomly initialised lab model (seeded) as a checkpoint in `dir`. */
export function saveTinyCheckpoint(dir: string, seed = 1): void {
  const tokenizer = CharTokenizer.withDefaultSpecials(LAB_ALPHABET);
  const model = createModel({ layers: 1, dModel: 16, heads: 2, context: 64, vocab: tokenizer.vocabSize }, { seed });
  saveCheckpoint(dir, model, { tokenizer, lineage: { kind: 'base', parent: null } });
}
