import type { Decision } from '../compare.js';
import { paperMathEqual } from './equal.js';

export { extractPaper, paperGold, paperPred } from './extract.js';

/** The `paper` policy's comparison: both sides already normalized (paperPred/extractPaper, paperGold). */
export function comparePaper(pred: string, gold: string): Decision {
  return paperMathEqual(pred, gold);
}

const LETTERS = ['A', 'B', 'C', 'D', 'E'];
const allLetters = (s: string): boolean => [...s].every((c) => LETTERS.includes(c));

/**
 * The pipeline's multiple-choice step: with a letter gold, a prediction that is not a letter is
 * replaced by the letter found in the whole response; with a gold made only of letters A–E
 * (the empty string included, as in the original), non-letters are dropped from the prediction.
 */
export function paperChoiceStep(pred: string, response: string, gt: string): string {
  if (LETTERS.includes(gt) && !LETTERS.includes(pred)) return choiceFromResponse(response);
  if (allLetters(gt) && !allLetters(pred)) return [...pred].filter((c) => LETTERS.includes(c)).join('');
  return pred;
}

/** parser.py's choice_answer_clean on a full response. */
function choiceFromResponse(response: string): string {
  let pred = response.replace(/^\n+|\n+$/g, '');
  const triggers = ['choice is', 'answer is'];
  if (triggers.some((t) => pred.split(t).length - 1 > 1)) pred = pred.split('\n\n')[0];
  const parts = pred.split(/choice is|answer is/);
  const answerFlag = parts.length > 1;
  if (answerFlag) pred = parts[parts.length - 1];
  pred = pred
    .replace(/^\n+|\n+$/g, '')
    .replace(/\.+$/, '')
    .replace(/\/+$/, '')
    .replace(/^ +| +$/g, '')
    .replace(/^:+/, '');
  const found = pred.toUpperCase().match(/\b[A-E]\b/g);
  const list = found ?? [pred.trim().replace(/^\.+|\.+$/g, '')];
  const pick = list.length === 0 ? '' : answerFlag ? list[0] : list[list.length - 1];
  return pick.replace(/\.+$/, '').replace(/\/+$/, '');
}
