export { CharTokenizer, DEFAULT_SPECIALS, tokenizerSpecSchema, type TokenizerSpec, type TokenizerSpecInput } from './char-tokenizer.js';
