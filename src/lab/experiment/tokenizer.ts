import { BOS, EOS, TASK_ALPHABET } from '../tasks/alphabet.js';
import { CharTokenizer } from '../model/index.js';

/**
 * The lab tasks' tokenizer: one id per character of the task alphabet (21 symbols), with `#` as
 * BOS and padding and `.` as EOS — the prompt's leading `#` is the BOS token, and a response ends
 * when the model writes `.`.
 */
export function taskTokenizer(): CharTokenizer {
  return new CharTokenizer({ type: 'char', specials: [], chars: TASK_ALPHABET, roles: { bos: BOS, eos: EOS, pad: BOS } });
}
