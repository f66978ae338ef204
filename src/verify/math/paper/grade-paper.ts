import type { Decision } from '../compare.js';
import type { MathBenchmark } from '../gold.js';
import { paperGold, paperPred } from './extract.js';
import { paperMathEqual } from './equal.js';

export { extractPaper } from './extract.js';

/**
 * The `paper` policy: the Qwen2.5-Math grader's semantics. `extracted` is already normalized
 * when it came from extractPaper; a caller-supplied `pred` is normalized here.
 */
export function comparePaper(extracted: string, gold: string, benchmark: MathBenchmark | undefined, rawPred: boolean): Decision {
  const pred = rawPred ? paperPred(extracted, benchmark) : extracted;
  return paperMathEqual(pred, paperGold(gold, benchmark));
}
