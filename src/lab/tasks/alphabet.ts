/**
 * The characters every lab task writes. One shared alphabet means one character-level tokenizer
 * serves every task family (21 symbols, as in lab-prototype.md §1.1).
 *
 * A training sequence is `prompt + response + EOS`, where the prompt starts with BOS:
 *   countdown   `#3,7,2,9>41:` + `7*2*3-9` + `.`
 *   arithmetic  `#3+4*2-5:`    + `6`       + `.`
 * `#` doubles as padding; `.` is the end of a response and never occurs inside one.
 */
export const BOS = '#';
export const EOS = '.';
export const TASK_ALPHABET = '#0123456789+-*(),>:=.';

/** Throws if `text` uses a character outside the task alphabet (a generator bug, never user input). */
export function assertInAlphabet(text: string): void {
  for (const ch of text) if (!TASK_ALPHABET.includes(ch)) throw new Error(`character ${JSON.stringify(ch)} is not in the task alphabet`);
}
