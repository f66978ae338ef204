import type { MathBenchmark } from '../gold.js';
import { paperStrip } from './strip.js';

/** Text after the last "boxed", read as the paper's grader reads it (brace counting, no escapes). */
function afterBoxed(s: string): string {
  const ans = s.split('boxed').pop() ?? '';
  if (ans === '') return '';
  if (ans[0] === '{') {
    let depth = 1;
    let out = '';
    for (const c of ans.slice(1)) {
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) break;
      out += c;
    }
    return out;
  }
  return (ans.split('$')[0] ?? '').trim();
}

/**
 * Answer extraction of the paper's grader (`extract_answer`): Minerva's "final answer is $…$.
 * I hope", the last "boxed", "he answer is", "final answer is", "答案是", else the last number.
 * The result is normalized twice with `strip_string`, as the grader's pipeline does.
 */
export function extractPaper(response: string, benchmark?: MathBenchmark): string {
  const text = response.replace(/\u043a\u0438/g, '');
  let pred: string;
  if (text.includes('final answer is $') && text.includes('$. I hope')) {
    pred = text.split('final answer is $').slice(1).join('final answer is $').split('$. I hope')[0].trim();
  } else if (text.includes('boxed')) {
    pred = afterBoxed(text);
  } else if (text.includes('he answer is')) {
    pred = (text.split('he answer is').pop() ?? '').trim();
  } else if (text.includes('final answer is')) {
    pred = (text.split('final answer is').pop() ?? '').trim();
  } else if (text.includes('答案是')) {
    pred = text.split('答案是')[1].trim().split('\n\n')[0].trim();
  } else {
    const nums = text.replace(/,/g, '').match(/-?\d*\.?\d+/g);
    pred = nums ? nums[nums.length - 1] : '';
  }
  pred = pred.replace(/\n\s*/g, '');
  if (pred.startsWith(':')) pred = pred.slice(1);
  if (pred.endsWith('.')) pred = pred.slice(0, -1);
  if (pred.endsWith('/')) pred = pred.slice(0, -1);
  // extract_answer strips once itself; the pipeline strips its result once more.
  const skip = benchmark === 'minerva_math';
  return paperPred(paperStrip(pred, skip), benchmark);
}

/**
 * The normalization an already extracted prediction gets in the paper's pipeline: one more
 * strip_string (what the reference command does with a `pred` row).
 */
export function paperPred(pred: string, benchmark?: MathBenchmark): string {
  return paperStrip(pred, benchmark === 'minerva_math');
}

/** The normalization a gold answer gets in the paper's pipeline (`parse_ground_truth`). */
export function paperGold(gold: string, benchmark?: MathBenchmark): string {
  if (benchmark === 'minerva_math') return paperStrip(gold, true).replace(/\\neq/g, '\\ne').replace(/\\leq/g, '\\le').replace(/\\geq/g, '\\ge');
  if (benchmark === 'math500' || benchmark === 'math') return paperStrip(paperStrip(gold, false), false);
  return paperStrip(gold, false);
}
